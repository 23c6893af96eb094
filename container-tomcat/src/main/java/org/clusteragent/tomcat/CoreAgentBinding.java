package org.clusteragent.tomcat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

import org.clusteragent.spi.ContainerEventHandler;

/**
 * The single place where the Tomcat adapter meets agent-core: builds the real
 * {@link ContainerEventHandler} from the listener's attributes. Stateless; thread-safe.
 */
final class CoreAgentBinding {

    static final String CORE_AGENT_CLASS = "org.clusteragent.core.ClusterAgent";

    private CoreAgentBinding() {
    }

    /**
     * Calls {@code org.clusteragent.core.ClusterAgent.create(Map<String, String>)}.
     *
     * <p>TODO(core): agent-core does not provide {@code ClusterAgent} yet, so the call is made by
     * name; replace the body with {@code return ClusterAgent.create(properties);} once it exists.
     *
     * @throws org.clusteragent.spi.InvalidConfigurationException from the agent, listing every bad attribute
     * @throws IllegalStateException when agent-core (or its {@code ClusterAgent.create}) is missing
     */
    static ContainerEventHandler create(Map<String, String> properties) {
        Method create;
        try {
            Class<?> agent = Class.forName(CORE_AGENT_CLASS, true, CoreAgentBinding.class.getClassLoader());
            create = agent.getMethod("create", Map.class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            throw new IllegalStateException(CORE_AGENT_CLASS + ".create(Map) is not on Tomcat's class path ("
                    + e + "): install the complete container-tomcat-<version>-tomcat-lib.jar in $CATALINA_HOME/lib");
        }
        try {
            return (ContainerEventHandler) create.invoke(null, properties);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("creating the cluster agent failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException | ClassCastException e) {
            throw new IllegalStateException(CORE_AGENT_CLASS + ".create(Map) cannot be used: " + e, e);
        }
    }
}
