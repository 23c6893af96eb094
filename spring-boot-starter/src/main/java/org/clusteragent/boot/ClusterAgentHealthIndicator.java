package org.clusteragent.boot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code clusteragent} health contributor on Spring Boot 4: {@link AgentHealth}'s verdict as
 * Boot 4's {@link Health}. (Boot 3.5's contributor, {@code ClusterAgentBoot3HealthIndicator}, is the
 * same adapter over Boot 3.5's types.) Thread-safe.
 */
public class ClusterAgentHealthIndicator implements HealthIndicator {

    /** The status reported while no proxy answers. */
    public static final String UNREACHABLE_STATUS = AgentHealth.UNREACHABLE_STATUS;

    private final AgentHealth health;

    ClusterAgentHealthIndicator(AgentHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        AgentHealth.Verdict verdict = health.check();
        return Health.status(verdict.status()).withDetails(verdict.details()).build();
    }
}
