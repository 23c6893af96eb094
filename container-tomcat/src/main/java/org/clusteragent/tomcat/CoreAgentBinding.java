package org.clusteragent.tomcat;

import java.util.Map;

import org.clusteragent.core.ClusterAgent;
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
     * Calls {@link ClusterAgent#create(Map)}.
     *
     * @throws org.clusteragent.spi.InvalidConfigurationException from the agent, listing every bad attribute
     * @throws IllegalStateException when agent-core is missing from Tomcat's class path (a partial install)
     */
    static ContainerEventHandler create(Map<String, String> properties) {
        try {
            return ClusterAgent.create(properties);
        } catch (LinkageError e) {
            throw new IllegalStateException(CORE_AGENT_CLASS + " cannot be loaded (" + e
                    + "): install the complete container-tomcat-<version>-tomcat-lib.jar in $CATALINA_HOME/lib", e);
        }
    }
}
