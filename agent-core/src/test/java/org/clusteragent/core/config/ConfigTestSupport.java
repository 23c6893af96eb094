package org.clusteragent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.testing.CapturedLog;

/**
 * Builds property maps from name/value pairs and runs the parser, capturing what it logs: each warning
 * the parsed configuration carries must be logged once, at WARN, and nothing else.
 */
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
        return parse(props(nameValues), ELSEWHERE);
    }

    static AgentConfig parse(Map<String, String> properties, Set<String> namesOwnedElsewhere) {
        try (CapturedLog log = CapturedLog.capture()) {
            AgentConfig config = ConfigParser.parse(properties, namesOwnedElsewhere);
            assertEquals(config.warnings(), log.atLeast(java.util.logging.Level.WARNING), "the warnings logged");
            return config;
        }
    }

    static List<String> problems(String... nameValues) {
        try (CapturedLog log = CapturedLog.capture()) {
            return assertThrows(InvalidConfigurationException.class,
                    () -> ConfigParser.parse(props(nameValues), ELSEWHERE)).problems();
        }
    }
}
