package org.clusteragent.boot;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.undertow.servlet.api.DeploymentInfo;
import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.undertow.UndertowClusterAgent;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;

/**
 * Spring Boot 3.5's embedded Undertow as a node, through container-undertow's
 * {@link UndertowClusterAgent}: the agent must {@link UndertowClusterAgent#prepare prepare} the
 * servlet deployment before Boot deploys it, so this factory customizer hands Boot's Undertow
 * factory a deployment-info customizer that does so. Boot 3.5's customizer interface
 * ({@code org.springframework.boot.web.embedded.undertow.UndertowDeploymentInfoCustomizer}) is not
 * on Boot 4's class path, so it is implemented by a {@link Proxy} found through the factory's
 * {@code addDeploymentInfoCustomizers} method; other factories are left alone. The agent is built
 * here, from the same {@code clusteragent.*} properties, when Boot builds its Undertow. Thread-safe
 * (Boot calls it once, on the refreshing thread).
 */
final class UndertowDeployments implements WebServerFactoryCustomizer<WebServerFactory> {

    private static final String ADD_CUSTOMIZERS = "addDeploymentInfoCustomizers";

    private final Environment environment;
    private volatile UndertowClusterAgent agent;
    private volatile List<ClusterAgentPropertiesException.Problem> refused;

    UndertowDeployments(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void customize(WebServerFactory factory) {
        Method add = Arrays.stream(factory.getClass().getMethods())
                .filter(m -> m.getName().equals(ADD_CUSTOMIZERS) && m.getParameterCount() == 1
                        && m.getParameterTypes()[0].isArray())
                .findFirst().orElse(null);
        if (add == null) {
            return;
        }
        UndertowClusterAgent built = build();
        if (built == null) {
            return;
        }
        Class<?> customizerType = add.getParameterTypes()[0].getComponentType();
        Object customizer = Proxy.newProxyInstance(customizerType.getClassLoader(), new Class<?>[] {customizerType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "customize" -> {
                        built.prepare((DeploymentInfo) args[0]);
                        yield null;
                    }
                    case "toString" -> "clusteragent deployment preparation";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Object array = java.lang.reflect.Array.newInstance(customizerType, 1);
        java.lang.reflect.Array.set(array, 0, customizer);
        try {
            add.invoke(factory, array);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot add the cluster agent's deployment customizer to " + factory, e);
        }
        agent = built;
    }

    /** The agent of Boot's Undertow, once Boot has built its Undertow factory. */
    Optional<UndertowClusterAgent> agent() {
        return Optional.ofNullable(agent);
    }

    /**
     * The problems of properties the Undertow agent refused with {@code fail-on-error=false} (e.g.
     * {@code process-status-frequency}, which needs Tomcat's background tick), for the lifecycle's
     * one warning; empty when the agent was built or Boot's server is not Undertow.
     */
    Optional<List<ClusterAgentPropertiesException.Problem>> refused() {
        return Optional.ofNullable(refused);
    }

    /** Null when the properties are bad and fail-on-error=false (the lifecycle bean logs that once). */
    private UndertowClusterAgent build() {
        ClusterAgentProperties properties = ClusterAgentProperties.of(environment,
                AttributeCatalog.of(UndertowClusterAgent.class.getClassLoader()));
        try {
            return UndertowClusterAgent.builder().properties(properties.attributes()).build();
        } catch (InvalidConfigurationException e) {
            if (properties.failOnError()) {
                throw new ClusterAgentPropertiesException(properties.explain(e.problems()));
            }
            refused = properties.explain(e.problems());
            return null;
        }
    }
}
