package org.clusteragent.boot;

import java.util.Optional;

import org.clusteragent.core.ClusterAgent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code clusteragent} health contributor: UP while at least one proxy answers the agent,
 * otherwise the status of {@code clusteragent.health.unreachable-status} (default UNKNOWN, which
 * does not turn the application's health DOWN, since a node that no proxy reaches still serves
 * whoever calls it directly). The details list the node and every proxy with its state. Before
 * the node registers, after it left, or without an agent ({@code fail-on-error=false}), UNKNOWN.
 * Reads the agent's live state only; never blocks on a proxy. Thread-safe.
 */
public class ClusterAgentHealthIndicator implements HealthIndicator {

    /** The status reported while no proxy answers. */
    public static final String UNREACHABLE_STATUS = AttributeCatalog.PREFIX + ".health.unreachable-status";

    private final ClusterAgentLifecycle lifecycle;
    private final Status unreachable;

    public ClusterAgentHealthIndicator(ClusterAgentLifecycle lifecycle, String unreachableStatus) {
        this.lifecycle = lifecycle;
        this.unreachable = new Status(unreachableStatus.trim().toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public Health health() {
        Optional<ClusterAgent> agent = lifecycle.clusterAgent();
        if (agent.isEmpty()) {
            return Health.unknown().withDetail("reason", "the cluster agent is off: its properties are invalid and "
                    + ClusterAgentProperties.FAIL_ON_ERROR + "=false").build();
        }
        if (!lifecycle.isRegistered()) {
            return Health.unknown().withDetail("reason", "the node is not registered (the web server is not"
                    + " started, or the application is stopping)").build();
        }
        ClusterAgent a = agent.get();
        Health.Builder health = AgentReport.anyProxyReachable(a) ? Health.up() : Health.status(unreachable);
        return health.withDetail("nodes", AgentReport.nodes(a).stream().map(n -> n.get("jvmRoute")).toList())
                .withDetail("proxies", AgentReport.proxies(a)).build();
    }
}
