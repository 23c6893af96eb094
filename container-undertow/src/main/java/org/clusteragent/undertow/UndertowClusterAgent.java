package org.clusteragent.undertow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletException;

import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.Deployment;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainer;
import org.clusteragent.core.ClusterAgent;
import org.xnio.XnioWorker;

/**
 * The cluster agent for embedded Undertow: makes one Undertow server a node of mod_cluster-compatible
 * proxies, its listeners the node's connectors and its servlet deployments the node's contexts.
 *
 * <p>Use: build it with {@link #builder()}; {@link #prepare} each {@code DeploymentInfo} before
 * Undertow deploys it (or let {@link #deploy(DeploymentInfo, PathHandler)} do it all); then either
 * {@link #start(Undertow)} (starts Undertow, then registers) or {@link #attach} a started server and
 * {@link #start()}. From then on prepared deployments are followed as Undertow starts, stops and
 * undeploys them, whoever calls their {@code DeploymentManager}: a start enables the context, a stop
 * first drains it (blocking the stopping thread, bounded by stopContextTimeout), an undeploy removes
 * it. {@link #stop()} drains every context and removes the node; if this agent started Undertow it
 * then lets each deployment's graceful shutdown handler finish and stops Undertow.
 *
 * <p>Thread-safe. Threads ({@code clusteragent-…}, daemon) exist only between start and stop.
 * Configuration is immutable once built. Undertow itself offers no server lifecycle events, hence
 * the explicit start and stop.
 */
public final class UndertowClusterAgent implements AutoCloseable {

    private record Mount(PathHandler paths, String prefix, ServletContainer container, DeploymentInfo info) {
    }

    private final ClusterAgent agent;
    private final UndertowEngine engine;
    private final NodeAgent node;
    private final BoundExtension extension;
    private final Map<String, String> properties;
    private final Map<DeploymentManager, Mount> mounts = new ConcurrentHashMap<>();
    // One container per agent: two nodes in one JVM may deploy the same deployment name.
    private final ServletContainer container = Servlets.newContainer();
    private volatile Undertow undertow;
    private volatile boolean ownsUndertow;

    UndertowClusterAgent(ClusterAgent agent, String engineName, List<BoundExtension.HostSpec> hosts,
                         Map<String, String> properties) {
        this.agent = agent;
        this.engine = new UndertowEngine(engineName);
        for (BoundExtension.HostSpec h : hosts) {
            engine.host(h.name(), h.aliases());
        }
        this.node = new NodeAgent(engine, agent, agent.config().drain().timeout(), false, n -> { });
        this.extension = new BoundExtension(node, hosts);
        this.properties = properties;
    }

    /** A builder; see {@link UndertowClusterAgentBuilder}. */
    public static UndertowClusterAgentBuilder builder() {
        return new UndertowClusterAgentBuilder();
    }

    /**
     * Sets the server whose listeners proxies are told about. Call before {@link #start()}.
     *
     * @return this
     * @throws IllegalStateException while the agent runs
     */
    public synchronized UndertowClusterAgent attach(Undertow server) {
        Objects.requireNonNull(server, "server");
        if (node.isRunning()) {
            throw new IllegalStateException("the cluster agent is running; stop() it before attaching another server");
        }
        this.undertow = server;
        return this;
    }

    /**
     * Registers the node (CONFIG) and every started prepared deployment (ENABLE-APP) with every proxy,
     * and starts the status ticker. The attached server must be started. Idempotent.
     *
     * @throws IllegalStateException when no server is attached or it is not started
     * @throws org.clusteragent.spi.InvalidConfigurationException when connectorPort/connectorAddress match
     *         no listener, or several listeners match (the message lists the listeners)
     */
    public synchronized void start() {
        if (node.isRunning()) {
            return;
        }
        Undertow server = undertow;
        if (server == null) {
            throw new IllegalStateException("no Undertow server attached: call attach(undertow) before start(),"
                    + " or start(undertow)");
        }
        List<Undertow.ListenerInfo> listeners;
        XnioWorker worker = server.getWorker();
        try {
            listeners = server.getListenerInfo();
        } catch (RuntimeException e) {
            listeners = null;
        }
        if (listeners == null || worker == null) {
            throw new IllegalStateException("the attached Undertow server is not started: start it before the cluster"
                    + " agent, or call start(undertow) to do both");
        }
        List<ListenerConnector> connectors = new ArrayList<>();
        for (Undertow.ListenerInfo listener : listeners) {
            connectors.add(new ListenerConnector(listener, worker, () -> running(server)));
        }
        engine.useListeners(connectors, worker);
        for (DeploymentContext d : engine.deployments()) {
            if (d.isStarted()) {
                d.counter().reopen();
            }
        }
        node.start();
    }

    /**
     * Starts {@code server}, then {@link #start()}; {@link #stop()} will stop the server too. If
     * registration fails, the server is stopped again before the exception propagates.
     */
    public synchronized void start(Undertow server) {
        attach(server);
        server.start();
        ownsUndertow = true;
        try {
            start();
        } catch (RuntimeException e) {
            ownsUndertow = false;
            server.stop();
            throw e;
        }
    }

    /**
     * Drains every context (DISABLE-APP, sessions as sessionDrainingStrategy says, STOP-APP, in-flight
     * requests), removes the node from every proxy and stops the agent's threads; blocks meanwhile.
     * If {@link #start(Undertow)} started the server, then shuts each deployment's graceful handler,
     * waits for it (bounded by stopContextTimeout) and stops the server. Idempotent.
     */
    public synchronized void stop() {
        boolean fromShutdownHook = isRunning() && ShutdownNotice.jvmIsShuttingDown();
        long start = System.nanoTime();
        String route = jvmRoute().orElse("(no route yet)");
        if (fromShutdownHook) {
            ShutdownNotice.stopping(System.err, route, properties().getOrDefault("stopContextTimeout", "10") + " "
                    + properties().getOrDefault("stopContextTimeoutUnit", "SECONDS").toLowerCase(java.util.Locale.ROOT));
        }
        node.stop();
        Undertow server = undertow;
        if (ownsUndertow && server != null) {
            ownsUndertow = false;
            node.closeDeployments();
            server.stop();
        }
        if (fromShutdownHook) {
            ShutdownNotice.stopped(System.err, route, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Makes {@code info} followed by this agent when Undertow deploys it: adds the agent's servlet
     * extension, which installs the in-flight counter, graceful shutdown handler, route-suffixed
     * session ids and lifecycle hooks on the deployed copy. Call before
     * {@code ServletContainer.addDeployment(info)}. Idempotent.
     *
     * @return {@code info}
     * @throws IllegalArgumentException when another agent already prepared it
     */
    public DeploymentInfo prepare(DeploymentInfo info) {
        Objects.requireNonNull(info, "info");
        if (extension.boundTo(info)) {
            return info;
        }
        if (BoundExtension.isBound(info)) {
            throw new IllegalArgumentException("deployment " + info.getDeploymentName()
                    + " is already prepared by another cluster agent");
        }
        info.addServletExtension(extension);
        return info;
    }

    /**
     * Prepares {@code info}, adds it to this agent's own {@link ServletContainer}, deploys it, mounts its
     * handler on {@code paths} at its context path and starts it; the context is enabled on the
     * proxies as the start completes (if the agent runs). {@link #undeploy} reverses all of it.
     *
     * @throws IllegalStateException when a servlet of the deployment fails to start
     */
    public DeploymentManager deploy(DeploymentInfo info, PathHandler paths) {
        prepare(info);
        DeploymentManager manager = container.addDeployment(info);
        deploy(manager, paths, container, info);
        return manager;
    }

    /**
     * Deploys (if needed) and starts a manager of a prepared deployment, mounting its handler on
     * {@code paths} (null: the caller mounts it) at its context path before starting it, so that the
     * context is routable as soon as proxies are told.
     *
     * @throws IllegalArgumentException when the deployment was not {@link #prepare prepared} by this agent
     * @throws IllegalStateException when a servlet of the deployment fails to start
     */
    public void deploy(DeploymentManager manager, PathHandler paths) {
        deploy(manager, paths, null, null);
    }

    /**
     * Stops the deployment (which drains it first, blocking), unmounts it if {@link #deploy} mounted it,
     * undeploys it (REMOVE-APP) and, if {@link #deploy(DeploymentInfo, PathHandler)} added it to this
     * agent's container, removes it from there.
     *
     * @throws IllegalStateException when the deployment fails to stop
     */
    public void undeploy(DeploymentManager manager) {
        Mount mount = mounts.remove(manager);
        if (manager.getState() == DeploymentManager.State.STARTED) {
            try {
                manager.stop();
            } catch (ServletException e) {
                throw new IllegalStateException("deployment " + name(manager) + " failed to stop: " + e.getMessage(), e);
            }
        }
        if (mount != null && mount.paths() != null) {
            mount.paths().removePrefixPath(mount.prefix());
        }
        if (manager.getState() == DeploymentManager.State.DEPLOYED) {
            manager.undeploy();
        }
        if (mount != null && mount.container() != null) {
            mount.container().removeDeployment(mount.info());
        }
    }

    /** True between {@link #start()} and {@link #stop()}. */
    public boolean isRunning() {
        return node.isRunning();
    }

    /** The node's jvmRoute, once the agent has started (it also ends every new session id). */
    public Optional<String> jvmRoute() {
        return Optional.ofNullable(engine.route());
    }

    /** The attributes this agent was built with. Immutable. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The core agent, for its operations (enable/disable contexts, proxies, refresh) and its configuration. */
    public ClusterAgent clusterAgent() {
        return agent;
    }

    private void deploy(DeploymentManager manager, PathHandler paths, ServletContainer container, DeploymentInfo info) {
        if (manager.getState() == DeploymentManager.State.UNDEPLOYED) {
            manager.deploy();
        }
        Deployment deployment = manager.getDeployment();
        DeploymentInfo deployed = deployment.getDeploymentInfo();
        if (!extension.boundTo(deployed)) {
            if (manager.getState() == DeploymentManager.State.DEPLOYED) {
                manager.undeploy();
            }
            throw new IllegalArgumentException("deployment " + deployed.getDeploymentName() + " was not prepared by this"
                    + " cluster agent: call agent.prepare(info) before ServletContainer.addDeployment(info)");
        }
        String prefix = ContextPaths.mountPath(ContextPaths.servletPath(deployed.getContextPath()));
        if (paths != null) {
            paths.addPrefixPath(prefix, deployment.getHandler());
        }
        mounts.put(manager, new Mount(paths, prefix, container, info));
        if (manager.getState() != DeploymentManager.State.STARTED) {
            try {
                manager.start();
            } catch (ServletException e) {
                throw new IllegalStateException("deployment " + deployed.getDeploymentName() + " failed to start: "
                        + e.getMessage(), e);
            }
        }
    }

    /** The node's SPI view, for tests in this package. */
    UndertowEngine engine() {
        return engine;
    }

    private static String name(DeploymentManager manager) {
        Deployment d = manager.getDeployment();
        return d == null ? String.valueOf(manager) : d.getDeploymentInfo().getDeploymentName();
    }

    private static boolean running(Undertow server) {
        XnioWorker w = server.getWorker();
        return w != null && !w.isShutdown();
    }

    @Override
    public String toString() {
        return "UndertowClusterAgent[" + engine + ", running=" + node.isRunning() + "]";
    }
}
