package org.clusteragent.boot;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What the starter adds when the application has Actuator and Micrometer: the application's
 * MeterRegistry for the agent's meters (which one: {@link MeterRegistryBinding}), the Boot 4
 * {@code clusteragent} health contributor (Boot 3.5's: {@code ClusterAgentBoot3HealthAutoConfiguration})
 * and the {@code clusteragent} endpoint. Each part only when its library is present and the agent
 * is configured. Registered after the metrics auto-configurations, so their registry exists.
 */
@AutoConfiguration(after = ClusterAgentAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnBean(ClusterAgentLifecycle.class)
public class ClusterAgentActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {
        @Bean
        MeterRegistryBinding clusterAgentMeterRegistryBinding(ObjectProvider<MeterRegistry> registries) {
            return new MeterRegistryBinding(registries);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnProperty(name = "management.health.clusteragent.enabled", havingValue = "true", matchIfMissing = true)
    static class HealthContributor {
        @Bean
        @ConditionalOnMissingBean(name = "clusteragentHealthIndicator")
        ClusterAgentHealthIndicator clusteragentHealthIndicator(ClusterAgentLifecycle lifecycle, Environment environment) {
            return new ClusterAgentHealthIndicator(AgentHealth.of(lifecycle, environment));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    @ConditionalOnAvailableEndpoint(endpoint = ClusterAgentEndpoint.class)
    static class EndpointConfiguration {
        @Bean
        @ConditionalOnMissingBean
        ClusterAgentEndpoint clusterAgentEndpoint(ClusterAgentLifecycle lifecycle) {
            return new ClusterAgentEndpoint(lifecycle);
        }
    }
}
