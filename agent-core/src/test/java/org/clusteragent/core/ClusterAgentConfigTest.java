package org.clusteragent.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.clusteragent.spi.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

/** Building an agent from properties reports every problem of every part at once. */
class ClusterAgentConfigTest {

    @Test
    void everyProblemIsReportedTogetherIncludingAMissingLoadProvider() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> ClusterAgent.builder().discoveries(List.of()).registerMBean(false)
                        .properties(Map.of("socketTimeout", "soon", "stickySession", "maybe", "proxyList", "host:99999"))
                        .build());
        String message = e.getMessage();
        assertTrue(e.problems().size() >= 4, message);
        assertTrue(message.contains("socketTimeout"), message);
        assertTrue(message.contains("stickySession"), message);
        assertTrue(message.contains("proxyList"), message);
        assertTrue(message.contains("no load factor provider found"), message);
    }
}
