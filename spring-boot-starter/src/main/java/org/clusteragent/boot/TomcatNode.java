package org.clusteragent.boot;

import java.util.Map;
import java.util.Optional;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.Server;
import org.clusteragent.core.ClusterAgent;
import org.clusteragent.tomcat.ClusterListener;

/**
 * Boot's embedded Tomcat as a node, through container-tomcat's {@link ClusterListener}: the same
 * model, in-flight counting, context watching and drain as a server.xml listener. The listener is
 * not added to the Server, because Tomcat's own events come at the wrong moments in Boot: Boot
 * starts the Server before it binds the connectors (so AFTER_START would find no port), and stops
 * it only after its graceful shutdown has stopped accepting (so BEFORE_STOP would drain too late).
 * Instead the starter's lifecycle hands the listener the events at the right moments: start once
 * the connectors are bound, stop before the graceful shutdown. Thread-safe (the listener is).
 */
final class TomcatNode implements BootNode {

    /** The listener with an agent built (and validated) before; attributes kept for processStatusFrequency. */
    private static final class BootClusterListener extends ClusterListener {
        BootClusterListener(ClusterAgent agent, Map<String, String> attributes) {
            super(ignored -> agent);
            attributes.forEach(this::setProperty);
        }
    }

    private final Server server;
    private final ClusterListener listener;

    /**
     * The node of Boot's Tomcat web server, or empty for another server. Here rather than in the
     * lifecycle so that no Tomcat type appears in a class Spring introspects when Tomcat is absent.
     */
    static Optional<BootNode> of(Object webServer, ClusterAgent agent, Map<String, String> attributes) {
        return WebServers.tomcat(webServer).map(t -> new TomcatNode(agent, attributes, t.getServer()));
    }

    TomcatNode(ClusterAgent agent, Map<String, String> attributes, Server server) {
        this.server = server;
        this.listener = new BootClusterListener(agent, attributes);
    }

    @Override
    public void start() {
        fire(Lifecycle.AFTER_INIT_EVENT);
        fire(Lifecycle.AFTER_START_EVENT);
    }

    @Override
    public void stop() {
        fire(Lifecycle.BEFORE_STOP_EVENT);
        fire(Lifecycle.AFTER_DESTROY_EVENT);
    }

    @Override
    public boolean isRunning() {
        return listener.isRunning();
    }

    @Override
    public String toString() {
        return "Tomcat " + server;
    }

    private void fire(String type) {
        listener.lifecycleEvent(new LifecycleEvent(server, type, null));
    }
}
