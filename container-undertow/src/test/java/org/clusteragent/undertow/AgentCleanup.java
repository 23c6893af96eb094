package org.clusteragent.undertow;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stops every agent a test built, even when the test failed half-way, so that one failure does not
 * leave threads behind for the next test's thread check. Tests run one at a time.
 */
final class AgentCleanup implements AfterEachCallback {

    private static final List<UndertowClusterAgent> AGENTS = new ArrayList<>();

    static synchronized UndertowClusterAgent track(UndertowClusterAgent agent) {
        AGENTS.add(agent);
        return agent;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<UndertowClusterAgent> all;
        synchronized (AgentCleanup.class) {
            all = List.copyOf(AGENTS);
            AGENTS.clear();
        }
        all.forEach(UndertowClusterAgent::stop);
        SharedAgents.stopAll();
    }
}
