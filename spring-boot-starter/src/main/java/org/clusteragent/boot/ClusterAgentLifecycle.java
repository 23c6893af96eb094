package org.clusteragent.boot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

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
    private final Supplier<Optional<UndertowDeployments>> undertow;
    private volatile BootNode node;
    private volatile boolean running;
    private volatile String offReason = OFF_INVALID;

    ClusterAgentLifecycle(ClusterAgent agent, Map<String, String> attributes, ApplicationContext context,
                          Supplier<Optional<UndertowDeployments>> undertow) {
        this.agent = agent;
        this.attributes = Map.copyOf(attributes);
        this.context = context;
        this.undertow = undertow;
    }

    private static final String OFF_INVALID = "the cluster agent is off: its properties are invalid and "
            + ClusterAgentProperties.FAIL_ON_ERROR + "=false";

    /** The agent, for its operations; empty when it could not be configured. */
    public Optional<ClusterAgent> clusterAgent() {
        return Optional.ofNullable(agent);
    }

    /** Why there is no agent (for the health contributor); meaningful only when {@link #clusterAgent()} is empty. */
    String offReason() {
        return offReason;
    }

    /**
     * The one warning for properties the agent cannot use when {@code fail-on-error=false}: what is
     * wrong (each property with the agent's text) and what follows (the application runs, no proxy is
     * told about it).
     */
    static void warnOff(List<ClusterAgentPropertiesException.Problem> problems, String why) {
        String list = problems.stream().map(p -> (p.property() == null ? "" : p.property() + ": ") + p.text())
                .collect(Collectors.joining("; "));
        LOG.warnf("CLAG9001: the cluster agent is off because of %d clusteragent propert(ies) %s, and %s=false lets"
                + " the application run without it: it serves requests but is not registered with any proxy."
                + " Problems: %s", problems.size(), why, ClusterAgentProperties.FAIL_ON_ERROR, list);
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
        Optional<List<ClusterAgentPropertiesException.Problem>> refused = server.flatMap(this::refusedByUndertow);
        if (refused.isPresent()) {
            warnOff(refused.get(), "that Boot's Undertow cannot use");
            offReason = "the cluster agent is off: Undertow cannot use " + refused.get().stream()
                    .map(p -> p.property() == null ? p.text() : p.property()).collect(Collectors.joining(", "))
                    + " and " + ClusterAgentProperties.FAIL_ON_ERROR + "=false";
            agent.shutdown();
            agent = null;
            return;
        }
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
        Optional<UndertowClusterAgent> built = undertow.get().flatMap(UndertowDeployments::agent);
        Optional<Object> server = built.isPresent() ? WebServers.undertow(webServer) : Optional.empty();
        if (server.isEmpty()) {
            return Optional.empty();
        }
        // The Undertow adapter built its own agent from the same properties; the first one never started.
        agent.shutdown();
        agent = built.get().clusterAgent();
        return Optional.of(UndertowNodes.of(built.get(), server.get()));
    }

    /** The problems of the properties that only Undertow refuses (fail-on-error=false), when this is Boot's Undertow. */
    private Optional<List<ClusterAgentPropertiesException.Problem>> refusedByUndertow(Object webServer) {
        Optional<List<ClusterAgentPropertiesException.Problem>> refused = undertow.get()
                .flatMap(UndertowDeployments::refused);
        return refused.isPresent() && WebServers.undertow(webServer).isPresent() ? refused : Optional.empty();
    }
}
