package org.clusteragent.boot;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code clusteragent} health contributor on Spring Boot 3.5: {@link AgentHealth}'s verdict as
 * Boot 3.5's {@link Health} (package {@code org.springframework.boot.actuate.health}, which Boot 4
 * moved to {@code org.springframework.boot.health.contributor}). Compiled against Boot 3.5's
 * actuator in this source set, loaded only where that interface exists. Thread-safe.
 */
public class ClusterAgentBoot3HealthIndicator implements HealthIndicator {

    private final AgentHealth health;

    ClusterAgentBoot3HealthIndicator(AgentHealth health) {
        this.health = health;
    }

    @Override
    public Health health() {
        AgentHealth.Verdict verdict = health.check();
        return Health.status(verdict.status()).withDetails(verdict.details()).build();
    }
}
