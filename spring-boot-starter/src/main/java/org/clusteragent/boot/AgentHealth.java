package org.clusteragent.boot;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.clusteragent.core.ClusterAgent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What the {@code clusteragent} health contributor says, free of any Spring Boot health type so
 * that the contributor of each Boot line (Boot 4's {@code org.springframework.boot.health.contributor}
 * and Boot 3.5's {@code org.springframework.boot.actuate.health}, whose types share no package) is a
 * two-line adapter over this one implementation: UP while at least one proxy answers the agent,
 * otherwise the status of {@value #UNREACHABLE_STATUS} (default UNKNOWN, which does not turn the
 * application's health DOWN, since a node that no proxy reaches still serves whoever calls it
 * directly). The details list the node and every proxy with its state. Before the node registers,
 * after it left, or without an agent ({@code fail-on-error=false}), UNKNOWN with a reason. Reads
 * the agent's live state only; never blocks on a proxy. Thread-safe.
 */
final class AgentHealth {

    /** The status reported while no proxy answers. */
    static final String UNREACHABLE_STATUS = AttributeCatalog.PREFIX + ".health.unreachable-status";

    /** A status code (UP, UNKNOWN, DOWN, …) and the details, in the order shown. */
    record Verdict(String status, Map<String, Object> details) {
    }

    private final ClusterAgentLifecycle lifecycle;
    private final String unreachable;

    AgentHealth(ClusterAgentLifecycle lifecycle, String unreachableStatus) {
        this.lifecycle = lifecycle;
        this.unreachable = unreachableStatus.trim().toUpperCase(Locale.ROOT);
    }

    /** The health of the application whose properties are in {@code environment}. */
    static AgentHealth of(ClusterAgentLifecycle lifecycle, Environment environment) {
        return new AgentHealth(lifecycle, Binder.get(environment).bind(UNREACHABLE_STATUS, String.class)
                .orElse("UNKNOWN"));
    }

    Verdict check() {
        Optional<ClusterAgent> agent = lifecycle.clusterAgent();
        Map<String, Object> details = new LinkedHashMap<>();
        if (agent.isEmpty()) {
            details.put("reason", lifecycle.offReason());
            return new Verdict("UNKNOWN", details);
        }
        if (!lifecycle.isRegistered()) {
            details.put("reason", "the node is not registered (the web server is not started, or the application"
                    + " is stopping)");
            return new Verdict("UNKNOWN", details);
        }
        ClusterAgent a = agent.get();
        details.put("nodes", AgentReport.nodes(a).stream().map(n -> n.get("jvmRoute")).toList());
        details.put("proxies", AgentReport.proxies(a));
        return new Verdict(AgentReport.anyProxyReachable(a) ? "UP" : unreachable, details);
    }
}
