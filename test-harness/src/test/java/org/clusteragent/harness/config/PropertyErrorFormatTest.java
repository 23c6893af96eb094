package org.clusteragent.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.clusteragent.core.ClusterAgent;
import org.clusteragent.spi.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * agent-core, load-metrics and advertise-listener read their properties with one reader, so a bad
 * value reads the same whichever module owns the attribute: {@code name="value": what is wrong;
 * use ...}. Checked through the real ServiceLoader assembly, as a container builds the agent.
 */
class PropertyErrorFormatTest {

    @Test
    void everyModuleReportsABadValueInTheSameFormat() {
        Map<String, String> bad = Map.of(
                "ssl", "maybe", "hotStandby", "maybe", "advertise", "maybe",        // core, metrics, advertise
                "socketTimeout", "x", "loadHistory", "x", "advertisePort", "x",
                "repairInterval", "-5", "initialLoad", "101", "advertiseMaxClockSkew", "0");
        List<String> problems = assertThrows(InvalidConfigurationException.class,
                () -> ClusterAgent.create(bad)).problems();
        Map<String, String> byName = new TreeMap<>();
        for (String p : problems) {
            assertTrue(p.matches("[A-Za-z]+=\"[^\"]*\": (not a boolean|not a number|out of range); use .+"), p);
            byName.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf(':') + 2));
        }
        assertEquals(bad.keySet(), byName.keySet(), problems.toString());
        String bool = "not a boolean; use true or false (yes/no and on/off work too)";
        assertEquals(List.of(bool, bool, bool), List.of(byName.get("ssl"), byName.get("hotStandby"),
                byName.get("advertise")));
        for (String number : List.of("socketTimeout", "loadHistory", "advertisePort")) {
            assertTrue(byName.get(number).startsWith("not a number; use "), byName.get(number));
        }
        for (String range : List.of("repairInterval", "initialLoad", "advertiseMaxClockSkew")) {
            assertTrue(byName.get(range).startsWith("out of range; use "), byName.get(range));
        }
    }
}
