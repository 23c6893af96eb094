package org.clusteragent.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.clusteragent.spi.InvalidConfigurationException;

/** Builds property maps from name/value pairs and runs the parser. */
final class ConfigTestSupport {

    /** What load-metrics and advertise-listener declare, as the agent would pass them. */
    static final Set<String> ELSEWHERE = Set.of("loadMetrics", "loadMetricClass", "loadMetricCapacity",
            "loadHistory", "loadDecayFactor", "initialLoad", "hotStandby", "advertise", "advertiseGroupAddress",
            "advertisePort", "advertiseInterface", "advertiseInterfaceName", "advertiseSecurityKey",
            "advertiseTimeout", "advertiseMaxClockSkew");

    private ConfigTestSupport() {
    }

    static Map<String, String> props(String... nameValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], nameValues[i + 1]);
        }
        return map;
    }

    static AgentConfig parse(String... nameValues) {
        return ConfigParser.parse(props(nameValues), ELSEWHERE);
    }

    static List<String> problems(String... nameValues) {
        return assertThrows(InvalidConfigurationException.class, () -> parse(nameValues)).problems();
    }
}
