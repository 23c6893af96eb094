package org.clusteragent.boot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@code clusteragent} health contributor where Spring Boot 3.5's health API is on the class
 * path (Boot 4's is registered by {@link ClusterAgentActuatorAutoConfiguration}; each line has only
 * one of the two interfaces, so exactly one of the two applies). The bean name makes Boot call the
 * contributor {@code clusteragent}; {@code management.health.clusteragent.enabled=false} turns it off.
 */
@AutoConfiguration(after = ClusterAgentAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(ClusterAgentLifecycle.class)
@ConditionalOnProperty(name = "management.health.clusteragent.enabled", havingValue = "true", matchIfMissing = true)
public class ClusterAgentBoot3HealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "clusteragentHealthIndicator")
    ClusterAgentBoot3HealthIndicator clusteragentHealthIndicator(ClusterAgentLifecycle lifecycle, Environment environment) {
        return new ClusterAgentBoot3HealthIndicator(AgentHealth.of(lifecycle, environment));
    }
}
