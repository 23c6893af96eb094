package org.clusteragent.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.clusteragent.spi.ProxyAddress;
import org.jboss.logging.Logger;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.mod_cluster.MCMPConfig;
import io.undertow.server.handlers.proxy.mod_cluster.ModCluster;
import io.undertow.server.handlers.proxy.mod_cluster.ModClusterStatus;

/**
 * Undertow's real mod_cluster balancer, embedded: an MCMP (management) listener where agents send
 * commands, a proxy listener where clients send requests, and optionally signed advertise datagrams.
 * Everything binds the builder's host (127.0.0.1 by default); a port of 0 takes a free one, and the
 * bound ports are reported by {@link #mcmpPort()} and {@link #proxyPort()} once started.
 *
 * <p>{@link #restart()} behaves like a proxy process restart: the balancer forgets every node and
 * context (a new Undertow mod_cluster container, so its STATUS {@code id} changes), and comes back on
 * the <em>same</em> ports so agents find it where it was. {@link #stop()} ends every thread it started
 * (one XNIO worker named {@code clusteragent-balancer}, daemon threads); {@link #close()} is
 * {@link #stop()}. Start, stop and restart are synchronized; the accessors are thread-safe.
 */
public final class UndertowBalancer implements RealProxy {

    private static final Logger LOG = Logger.getLogger(UndertowBalancer.class);

    private final BalancerSettings settings;
    private XnioWorker worker;
    private Undertow mcmpServer;
    private Undertow proxyServer;
    private volatile ModCluster modCluster;
    private volatile int mcmpPort;
    private volatile int proxyPort;
    private volatile int starts;

    private UndertowBalancer(BalancerSettings settings) {
        this.settings = settings;
        this.mcmpPort = settings.mcmpPort();
        this.proxyPort = settings.proxyPort();
    }

    /** A builder with test-friendly defaults: 127.0.0.1, ports 0, health check every 500 ms, no advertise. */
    public static BalancerSettings.Builder builder() {
        return new BalancerSettings.Builder(UndertowBalancer::new);
    }

    /** The settings this balancer was built with (ports as configured, possibly 0). */
    public BalancerSettings settings() {
        return settings;
    }

    /**
     * Binds both listeners and, if configured, starts advertising. After a first start with port 0
     * the bound ports are kept, so later starts (and {@link #restart()}) use the same ones.
     *
     * @return this
     * @throws IllegalStateException when already running
     * @throws UncheckedIOException  when a port cannot be bound (named in the message)
     */
    public synchronized UndertowBalancer start() {
        if (worker != null) {
            throw new IllegalStateException("balancer already running on MCMP port " + mcmpPort
                    + "; stop() it first or use restart()");
        }
        try {
            worker = Xnio.getInstance().createWorker(OptionMap.builder()
                    .set(Options.WORKER_NAME, "clusteragent-balancer")
                    .set(Options.THREAD_DAEMON, true)
                    .set(Options.WORKER_IO_THREADS, settings.ioThreads())
                    .set(Options.WORKER_TASK_CORE_THREADS, 2)
                    .set(Options.WORKER_TASK_MAX_THREADS, 8).getMap());
            ModCluster mc = ModCluster.builder(worker)
                    .setHealthCheckInterval(settings.healthCheckInterval().toMillis())
                    .setRemoveBrokenNodes(settings.removeBrokenNodes().toMillis())
                    .setMaxRetries(settings.maxRetries())
                    .build();
            mc.start();
            proxyServer = listen("proxyPort", proxyPort, mc.createProxyHandler(ResponseCodeHandler.HANDLE_404));
            proxyPort = portOf(proxyServer);
            // The MCMP handler must know its own port (it is what advertise announces), so bind first.
            HttpHandler[] mcmp = new HttpHandler[1];
            mcmpServer = listen("mcmpPort", mcmpPort, exchange -> mcmp[0].handleRequest(exchange));
            mcmpPort = portOf(mcmpServer);
            MCMPConfig config = mcmpConfig();
            mcmp[0] = config.create(mc, ResponseCodeHandler.HANDLE_404);
            if (settings.advertise().isPresent()) {
                mc.advertise(config);
            }
            modCluster = mc;
            starts++;
            LOG.infof("CLAG8000: Undertow balancer started: MCMP on %s:%d, proxy on %s:%d%s", settings.host(),
                    mcmpPort, settings.host(), proxyPort, settings.advertise()
                            .map(a -> ", advertising to " + a.group() + ":" + a.port()).orElse(""));
            return this;
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("could not start the Undertow balancer on " + settings.host()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private MCMPConfig mcmpConfig() {
        MCMPConfig.WebBuilder web = MCMPConfig.webBuilder();
        web.setManagementHost(settings.host()).setManagementPort(mcmpPort);
        if (settings.advertise().isEmpty()) {
            return web.build();
        }
        BalancerSettings.Advertise a = settings.advertise().get();
        MCMPConfig.AdvertiseBuilder advertise = web.enableAdvertise()
                .setAdvertiseGroup(a.group())
                .setAdvertiseAddress(settings.host())
                .setAdvertisePort(a.port())
                .setAdvertiseFrequency((int) a.frequency().toMillis());
        if (a.securityKey() != null) {
            advertise.setSecurityKey(a.securityKey());
        }
        return advertise.getParent().build();
    }

    private Undertow listen(String what, int port, HttpHandler handler) throws IOException {
        Undertow server = Undertow.builder().setWorker(worker)
                .addHttpListener(port, settings.host())
                .setHandler(handler).build();
        try {
            server.start();
        } catch (RuntimeException e) {
            // Undertow wraps the BindException; name the setting so the caller knows which port clashed.
            throw new IOException(what + "=" + port + " on " + settings.host()
                    + " could not be bound (in use?): " + e.getMessage(), e);
        }
        return server;
    }

    private static int portOf(Undertow server) {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Stops listening and advertising and ends the worker's threads; in-flight proxied requests are
     * cut. The balancer forgets every node. Idempotent; {@link #start()} may be called again.
     * Now and then XNIO logs {@code XNIO000011 … RejectedExecutionException: Thread is terminating}
     * here: one of Undertow's repeating health-check tasks tried to reschedule itself on a stopping
     * I/O thread. It is harmless, and Undertow offers no way to cancel those tasks first.
     */
    public synchronized void stop() {
        boolean wasRunning = modCluster != null;
        modCluster = null;
        if (proxyServer != null) {
            proxyServer.stop();
            proxyServer = null;
        }
        if (mcmpServer != null) {
            mcmpServer.stop();
            mcmpServer = null;
        }
        if (worker != null) {
            // also ends the health checks and the advertise task, which run on the worker's threads
            worker.shutdown();
            try {
                if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                    worker.shutdownNow();
                }
            } catch (InterruptedException e) {
                worker.shutdownNow();
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
        if (wasRunning) {
            LOG.infof("CLAG8001: Undertow balancer on MCMP port %d stopped", mcmpPort);
        }
    }

    /** Stops and starts again on the same ports, forgetting every node, like a proxy process restart. */
    @Override
    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String kind() {
        return "undertow";
    }

    /** Whether {@link #start()} succeeded and {@link #stop()} has not been called since. */
    public boolean isRunning() {
        return modCluster != null;
    }

    /** How many times this balancer has started (1 after the first start, 2 after a restart, …). */
    public int starts() {
        return starts;
    }

    /** The MCMP port: bound port once started, else the configured one (0 before a first start). */
    public int mcmpPort() {
        return mcmpPort;
    }

    /** The proxy port clients send requests to: bound port once started, else the configured one. */
    public int proxyPort() {
        return proxyPort;
    }

    /** Where agents send MCMP, as the agent's proxy address (plain HTTP). */
    public ProxyAddress mcmpAddress() {
        return new ProxyAddress(settings.host(), mcmpPort, false);
    }

    /** The URI of {@code path} (starting with /) through the proxy listener. */
    public URI proxyUri(String path) {
        return URI.create("http://" + settings.host() + ":" + proxyPort + path);
    }

    /** The balancer's own view of every node it knows, in its order; empty when not running. */
    public List<BalancerNode> nodes() {
        ModCluster mc = modCluster;
        List<BalancerNode> result = new ArrayList<>();
        if (mc == null) {
            return result;
        }
        for (ModClusterStatus.LoadBalancer balancer : mc.getController().getStatus().getLoadBalancers()) {
            for (ModClusterStatus.Node n : balancer.getNodes()) {
                List<BalancerNode.ContextView> contexts = new ArrayList<>();
                for (ModClusterStatus.Context c : n.getContexts()) {
                    contexts.add(new BalancerNode.ContextView(c.getName(), c.isEnabled(), c.isStopped(),
                            c.getRequests()));
                }
                result.add(new BalancerNode(n.getJvmRoute(), n.getUri(), String.valueOf(n.getStatus()), n.getLoad(),
                        n.getElected(), contexts));
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "UndertowBalancer[" + settings.host() + " mcmp=" + mcmpPort + " proxy=" + proxyPort
                + (isRunning() ? " running" : " stopped") + "]";
    }
}
