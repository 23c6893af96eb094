package org.clusteragent.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.agentcheck.AgentCheck;
import org.clusteragent.core.agent.AgentClock;
import org.clusteragent.core.agent.AgentLog;
import org.clusteragent.core.agent.AppState;
import org.clusteragent.core.agent.ConnectorChooser;
import org.clusteragent.core.agent.ContextControl;
import org.clusteragent.core.agent.Drainer;
import org.clusteragent.core.agent.JvmRoutes;
import org.clusteragent.core.agent.LocalAddresses;
import org.clusteragent.core.agent.NodeModel;
import org.clusteragent.core.agent.Observers;
import org.clusteragent.core.agent.StateReplayer;
import org.clusteragent.core.agent.StatusReporter;
import org.clusteragent.core.config.AgentConfig;
import org.clusteragent.core.dns.DnsProxies;
import org.clusteragent.core.dns.ProxyResolver;
import org.clusteragent.core.dns.ProxyTargets;
import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.proxy.LaneClock;
import org.clusteragent.core.proxy.ProxyRegistry;
import org.clusteragent.core.proxy.ProxySettings;
import org.clusteragent.core.proxy.ProxySnapshot;
import org.clusteragent.core.proxy.ProxyState;
import org.clusteragent.spi.AgentObserver;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.ContainerEventHandler;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;
import org.clusteragent.spi.LoadFactorProvider;
import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.ProxyDiscovery;
import org.clusteragent.spi.Server;

/**
 * The agent: turns container events and load into MCMP commands for every proxy, and is the only
 * place that decides what proxies are told. It keeps the desired state of every node and context
 * so that a proxy that appears, restarts or forgets the node is brought up to date from that
 * state alone, at once. Container-agnostic: adapters call it through {@link ContainerEventHandler}.
 *
 * <p>Threads ({@code clusteragent-…}, daemon) are started by {@link #start(Server)} and gone after
 * {@link #stop(Server)} or {@link #shutdown()}: one lane per proxy, one status ticker (unless the
 * container drives the tick), and one drain thread during a server stop. Event methods are
 * thread-safe; only the stops block, while draining. Build one with {@link #create(Map)} or
 * {@link ClusterAgentBuilder}.
 */
public final class ClusterAgent implements ContainerEventHandler {

    private final AgentConfig config;
    private final LoadFactorProvider loadProvider;
    private final List<ProxyDiscovery> discoveries;
    private final AgentClock clock;
    private final ProxySettings proxySettings;
    private final boolean registerMBean;
    private final Observers observers;

    private final List<NodeModel> nodes = new CopyOnWriteArrayList<>();
    private final LocalAddresses localAddresses = new LocalAddresses();
    private final Drainer drainer;
    private final StatusReporter status;
    private final ContextControl contexts;
    private final AgentCheck agentCheck;
    private final ProxyResolver resolver;
    private volatile DnsProxies dns;
    private volatile ProxyRegistry registry;
    private volatile AgentControl control;
    private volatile boolean running;
    /** Set when the server stop begins: from then on no resync or probe may announce a node again. */
    private volatile boolean leaving;

    ClusterAgent(AgentConfig config, LoadFactorProvider loadProvider, List<ProxyDiscovery> discoveries,
                 AgentClock clock, ProxySettings proxySettings, boolean registerMBean, List<AgentObserver> observers,
                 ProxyResolver resolver) {
        this.resolver = resolver;
        this.observers = new Observers(observers);
        this.config = config;
        this.loadProvider = loadProvider;
        this.discoveries = List.copyOf(discoveries);
        this.clock = clock;
        this.proxySettings = proxySettings;
        this.registerMBean = registerMBean;
        this.drainer = new Drainer(config.drain(), clock, new Drainer.Proxies() {
            @Override
            public Map<ProxyAddress, CompletableFuture<McmpReply>> broadcast(McmpRequest request) {
                return ClusterAgent.this.broadcast(request);
            }

            @Override
            public CompletableFuture<McmpReply> send(ProxyAddress proxy, McmpRequest request) {
                ProxyRegistry proxies = registry;
                return proxies == null ? CompletableFuture.failedFuture(new IllegalStateException("not started"))
                        : proxies.send(proxy, request);
            }
        }, proxySettings.socketTimeout());
        this.contexts = new ContextControl(() -> nodes, drainer, this::broadcast);
        // Once the node leaves, the agent's own ticks find no node: no STATUS, no INFO, no repair.
        this.status = new StatusReporter(() -> leaving ? List.of() : nodes, loadProvider, config, () -> registry,
                localAddresses);
        this.agentCheck = new AgentCheck(config.agentCheck(), config.drain().timeout(), clock);
    }

    /**
     * Builds an agent from string properties (server.xml attributes, extension properties), with
     * the load provider and proxy discoveries found by ServiceLoader.
     *
     * @throws org.clusteragent.spi.InvalidConfigurationException listing every bad property
     */
    public static ClusterAgent create(Map<String, String> properties) {
        return new ClusterAgentBuilder().properties(properties).build();
    }

    /** A builder for tests and embedders that inject parts. */
    public static ClusterAgentBuilder builder() {
        return new ClusterAgentBuilder();
    }

    public AgentConfig config() {
        return config;
    }

    // ---- container events -------------------------------------------------------------------

    @Override
    public void init(Server server) {
        // Configuration was validated when the agent was built; nothing starts before start().
    }

    @Override
    public synchronized void start(Server server) {
        if (running) {
            return;
        }
        List<NodeModel> built = new ArrayList<>();
        boolean singleEngine = server.engines().size() == 1;
        for (Engine engine : server.engines()) {
            built.add(nodeOf(engine, singleEngine));
        }
        nodes.clear();
        nodes.addAll(built);
        leaving = false;
        for (NodeModel node : nodes) {
            for (Host host : node.engine().hosts()) {
                for (Context context : host.contexts()) {
                    if (context.isStarted() && !excluded(context)) {
                        AgentLog.contextServed(node.jvmRoute(), node.put(context, initialState()).toString(), initialState());
                    }
                }
            }
            status.refreshLoad(node);
        }
        observers.started(new ObservedAgent(this)); // before any exchange, so observers miss none
        ProxyRegistry proxies = new ProxyRegistry(proxySettings, new StateReplayer(
                () -> leaving ? List.of() : nodes, config, observers, localAddresses), laneClock());
        proxies.start();
        registry = proxies;
        running = true;
        List<ProxyAddress> named = new ArrayList<>();
        for (ProxyAddress proxy : config.proxies()) {
            if (DnsProxies.isHostName(proxy.host())) {
                named.add(proxy);
            } else {
                proxies.add(proxy);
            }
        }
        dns = new DnsProxies(named, resolver, targetsOf(proxies), config.proxyResolveInterval(), clock::nanoTime);
        dns.start();
        startDiscoveries();
        status.start();
        agentCheck.start(() -> nodes);
        if (registerMBean) {
            control = AgentControl.register(this);
        }
        AgentLog.started(nodes.toString(), config.proxies().size(), !discoveries.isEmpty());
    }

    @Override
    public void add(Context context) {
        // A deployed but not started context is not routable: nothing to tell proxies yet.
    }

    @Override
    public void start(Context context) {
        NodeModel node = nodeFor(context);
        if (node == null || excluded(context)) {
            return;
        }
        contexts.started(node, context, initialState());
    }

    @Override
    public void stop(Context context) {
        NodeModel node = nodeFor(context);
        if (node == null || excluded(context)) {
            return;
        }
        drainer.drain(node, context, config.drain().timeout());
    }

    @Override
    public void remove(Context context) {
        NodeModel node = nodeFor(context);
        if (node == null || excluded(context)) {
            return;
        }
        contexts.removed(node, context);
    }

    @Override
    public void status(Engine engine) {
        if (!running || leaving) {
            return; // once the node leaves, no STATUS may announce it again
        }
        for (NodeModel node : nodes) {
            if (node.engine() == engine) {
                status.report(node);
            }
        }
        status.ticked();
    }

    @Override
    public void stop(Server server) {
        if (!running) {
            return;
        }
        leaving = true;
        agentCheck.leaving();
        contexts.drainAll(config.drain().timeout());
        agentCheck.left();
        ProxyRegistry proxies = registry;
        if (proxies != null) {
            proxies.farewell(); // nothing after the goodbye may announce the node again: no STATUS, repair or state
        }
        List<CompletableFuture<McmpReply>> removals = new ArrayList<>();
        for (NodeModel node : nodes) {
            removals.addAll(broadcast(AppRequest.nodeWide(McmpCommand.REMOVE_APP, node.jvmRoute())).values());
        }
        awaitQuietly(removals, proxySettings.socketTimeout());
        shutdown();
    }

    @Override
    public synchronized void shutdown() {
        if (!running) {
            return;
        }
        running = false;
        leaving = true;
        observers.stopped();
        for (ProxyDiscovery discovery : discoveries) {
            discovery.stop();
        }
        status.stop();
        agentCheck.stop();
        DnsProxies names = dns;
        if (names != null) {
            names.stop();
        }
        ProxyRegistry proxies = registry;
        if (proxies != null) {
            proxies.close();
        }
        AgentControl c = control;
        if (c != null) {
            c.unregister();
            control = null;
        }
        AgentLog.stopped(nodes.toString());
    }

    // ---- operations (used by AgentControl and adapters) ---------------------------------------

    /** The nodes this agent announces, one per engine; empty before start. */
    public List<NodeModel> nodes() {
        return List.copyOf(nodes);
    }

    /** Every proxy with its state, counters, last reply and error. */
    public List<ProxySnapshot> proxies() {
        return proxyRegistry().map(ProxyRegistry::snapshot).orElse(List.of());
    }

    /**
     * The proxies of the running agent, for run-time operations (add, remove, refresh, reset of
     * DOWN proxies); empty before start and after stop.
     */
    public Optional<ProxyRegistry> proxyRegistry() {
        return running ? Optional.ofNullable(registry) : Optional.empty();
    }

    /** The load provider, for explanations. */
    public LoadFactorProvider loadProvider() {
        return loadProvider;
    }

    /** The HAProxy agent-check output (running only when {@code agentCheckPort} is set). */
    public AgentCheck agentCheck() {
        return agentCheck;
    }

    /** Operations on the desired state of contexts (enable, disable, stop, drain). */
    public ContextControl contexts() {
        return contexts;
    }

    /** Sends INFO (or another query) to every proxy and returns what each answered. */
    public Map<ProxyAddress, CompletableFuture<McmpReply>> query(McmpRequest request) {
        return broadcast(request);
    }

    // ---- internals ----------------------------------------------------------------------------

    /** The jvmRoute attribute names one node; with several engines each keeps its own route. */
    private NodeModel nodeOf(Engine engine, boolean singleEngine) {
        Connector connector = ConnectorChooser.choose(engine, config.connector().port(), config.connector().address());
        Optional<String> configured = singleEngine ? config.jvmRoute() : Optional.empty();
        JvmRoutes.Choice route = JvmRoutes.choose(configured, engine, connector);
        if (engine.jvmRoute().isEmpty() || !engine.jvmRoute().get().equals(route.route())) {
            engine.assignJvmRoute(route.route());
        }
        AgentLog.jvmRouteChosen(engine.name(), route.route(), route.source());
        return new NodeModel(engine, route.route(), connector);
    }

    private NodeModel nodeFor(Context context) {
        Engine engine = context.host().engine();
        for (NodeModel node : nodes) {
            if (node.engine() == engine) {
                return node;
            }
        }
        return null;
    }

    private boolean excluded(Context context) {
        return config.excludedContexts().isExcluded(context.host().name(), context.path());
    }

    private AppState initialState() {
        return config.autoEnableContexts() ? AppState.ENABLED : AppState.DISABLED;
    }

    private void startDiscoveries() {
        ProxyDiscovery.Listener listener = new DiscoveryListener(this, config.proxies());
        for (ProxyDiscovery discovery : discoveries) {
            try {
                discovery.start(listener);
            } catch (Exception e) {
                AgentLog.discoveryFailed(discovery.toString(), e);
            }
        }
    }

    /** The lanes keep the agent's time; the system clock needs no adapter. */
    private LaneClock laneClock() {
        return clock == AgentClock.system() ? LaneClock.system() : clock::nanoTime;
    }

    /** The proxies that DNS names stand for, as resolved last; empty before start. */
    public List<ProxyAddress> resolvedProxies() {
        DnsProxies names = dns;
        return names == null ? List.of() : names.proxies();
    }

    private static ProxyTargets targetsOf(ProxyRegistry proxies) {
        return new ProxyTargets() {
            @Override
            public void add(ProxyAddress proxy) {
                proxies.add(proxy);
            }

            @Override
            public void remove(ProxyAddress proxy) {
                proxies.remove(proxy);
            }

            @Override
            public boolean failing(ProxyAddress proxy) {
                for (ProxySnapshot snapshot : proxies.snapshot()) {
                    if (snapshot.address().equals(proxy)) {
                        return snapshot.state() == ProxyState.ERROR || snapshot.state() == ProxyState.DOWN;
                    }
                }
                return false;
            }
        };
    }

    private Map<ProxyAddress, CompletableFuture<McmpReply>> broadcast(McmpRequest request) {
        ProxyRegistry proxies = registry;
        return proxies == null ? Map.of() : proxies.broadcast(request);
    }

    private static void awaitQuietly(List<CompletableFuture<McmpReply>> futures, Duration bound) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // a proxy that does not answer the goodbye forgets the node by itself
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
