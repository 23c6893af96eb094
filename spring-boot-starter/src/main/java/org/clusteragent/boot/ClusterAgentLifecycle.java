package org.clusteragent.boot;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.clusteragent.core.ClusterAgent;
import org.clusteragent.undertow.UndertowClusterAgent;
import org.jboss.logging.Logger;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Registers the application's embedded web server with the proxies once it listens, and takes it
 * out again before it stops listening. Its {@link #PHASE} is above both of Spring Boot's web
 * server lifecycles (graceful shutdown at {@code Integer.MAX_VALUE - 1024}, start/stop at
 * {@code Integer.MAX_VALUE - 2048}, in Boot 3.5 and 4.0 alike), so {@link #start()} runs after the
 * connectors are bound and {@link #stop()} runs, and completes, before the graceful shutdown stops
 * accepting: the drain (DISABLE-APP, sessions, STOP-APP, in-flight requests, REMOVE-APP) happens
 * while the server still serves. Holds no agent when the properties were bad and
 * {@code clusteragent.fail-on-error=false}. Thread-safe.
 */
public final class ClusterAgentLifecycle implements SmartLifecycle {

    /** Above Boot's graceful shutdown phase, below the default phase. */
    public static final int PHASE = Integer.MAX_VALUE - 512;

    /** The embedded web servers this starter can register, for CLAG9002. */
    static final String SUPPORTED = "Tomcat, Undertow (Spring Boot 3.5)";

    private static final Logger LOG = Logger.getLogger(ClusterAgentLifecycle.class);

    /** The running agent: the one built from the properties, or on Undertow the one its adapter built. */
    private volatile ClusterAgent agent;
    private final Map<String, String> attributes;
    private final ApplicationContext context;
    private final Supplier<Optional<UndertowClusterAgent>> undertowAgent;
    private volatile BootNode node;
    private volatile boolean running;

    ClusterAgentLifecycle(ClusterAgent agent, Map<String, String> attributes, ApplicationContext context,
                          Supplier<Optional<UndertowClusterAgent>> undertowAgent) {
        this.agent = agent;
        this.attributes = Map.copyOf(attributes);
        this.context = context;
        this.undertowAgent = undertowAgent;
    }

    /** The agent, for its operations; empty when it could not be configured. */
    public Optional<ClusterAgent> clusterAgent() {
        return Optional.ofNullable(agent);
    }

    /** True while the node is registered: between the web server's start and the context's close. */
    public boolean isRegistered() {
        BootNode n = node;
        return n != null && n.isRunning();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (agent == null) {
            return;
        }
        Optional<Object> server = WebServers.of(context);
        Optional<BootNode> found = server.flatMap(this::nodeFor);
        if (found.isEmpty()) {
            String kind = server.map(s -> s.getClass().getName()).orElse("none");
            LOG.warnf("CLAG9002: the cluster agent found no embedded web server it can register (found %s; supported:"
                    + " %s); this application is not registered with any proxy", kind, SUPPORTED);
            agent.shutdown();
            return;
        }
        node = found.get();
        node.start();
        LOG.infof("CLAG9000: cluster agent started for the application's %s", node);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        BootNode n = node;
        node = null;
        if (n != null) {
            n.stop();
            LOG.infof("CLAG9003: cluster agent stopped for the application's %s", n);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private Optional<BootNode> nodeFor(Object webServer) {
        // TomcatNode is loaded only when Tomcat is there (its verification needs Tomcat's classes).
        Optional<BootNode> tomcat = WebServers.tomcatPresent(webServer)
                ? TomcatNode.of(webServer, agent, attributes) : Optional.empty();
        if (tomcat.isPresent()) {
            return tomcat;
        }
        Optional<UndertowClusterAgent> undertow = undertowAgent.get();
        Optional<Object> server = undertow.isPresent() ? WebServers.undertow(webServer) : Optional.empty();
        if (server.isEmpty()) {
            return Optional.empty();
        }
        // The Undertow adapter built its own agent from the same properties; the first one never started.
        agent.shutdown();
        agent = undertow.get().clusterAgent();
        return Optional.of(UndertowNodes.of(undertow.get(), server.get()));
    }
}
