package org.clusteragent.boot;

import java.util.Optional;

import org.clusteragent.core.ClusterAgent;
import org.clusteragent.spi.InvalidConfigurationException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Makes a servlet web application a cluster node: reads {@code clusteragent.*}, builds the agent
 * (which validates every attribute at once) and registers {@link ClusterAgentLifecycle}. With a bad
 * property the context fails with {@link ClusterAgentPropertiesException} (reported by
 * {@link ClusterAgentFailureAnalyzer}), or with {@code clusteragent.fail-on-error=false} logs one
 * warning and runs without the agent. {@code clusteragent.enabled=false} turns all of it off.
 */
@AutoConfiguration
@ConditionalOnClass(ClusterAgent.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = AttributeCatalog.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
public class ClusterAgentAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ClusterAgentLifecycle clusterAgentLifecycle(Environment environment, ApplicationContext context,
                                                       ObjectProvider<UndertowDeployments> undertow) {
        AttributeCatalog catalog = AttributeCatalog.of(ClusterAgent.class.getClassLoader());
        ClusterAgentProperties properties = ClusterAgentProperties.of(environment, catalog);
        ClusterAgent agent;
        try {
            agent = ClusterAgent.create(properties.attributes());
        } catch (InvalidConfigurationException e) {
            ClusterAgentPropertiesException failure = new ClusterAgentPropertiesException(
                    properties.explain(e.problems()));
            if (properties.failOnError()) {
                throw failure;
            }
            ClusterAgentLifecycle.warnOff(failure.problems(), "that are invalid");
            agent = null;
        }
        return new ClusterAgentLifecycle(agent, properties.attributes(), context,
                () -> Optional.ofNullable(undertow.getIfAvailable()));
    }

    /** Boot 3.5's Undertow: the agent prepares the deployment before Boot deploys it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.undertow.Undertow", "io.undertow.servlet.api.DeploymentInfo"})
    static class Undertow {
        @Bean
        UndertowDeployments clusterAgentUndertowDeployments(Environment environment) {
            return new UndertowDeployments(environment);
        }
    }
}
