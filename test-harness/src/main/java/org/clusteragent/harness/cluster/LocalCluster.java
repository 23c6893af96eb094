package org.clusteragent.harness.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.clusteragent.harness.HaproxyBalancer;
import org.clusteragent.harness.UndertowBalancer;
import org.jboss.logging.Logger;

/**
 * The whole local cluster in this JVM: Undertow's mod_cluster balancer advertising on loopback,
 * Tomcat and Undertow nodes running the demo war with clusteragent (they find the balancer by
 * advertise, signed with the security key), the {@link LoadDriver}, a once-a-second
 * {@link ClusterHistory}, and the live page ({@link ClusterWebServer}). Everything binds 127.0.0.1.
 *
 * <p>{@link #start} returns once every node is up and the balancer routes the demo to each of them
 * (or a bounded wait has passed, which is logged). Node operations ({@link #act}) run one at a time
 * on a background thread, since a stop includes the agent's drain. {@link #close()} stops
 * everything and may be called from a shutdown hook; it is idempotent. Thread-safe.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalCluster.class);
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    /** What the page's buttons (and tests) can do to a node. */
    public enum Action { STOP, START, UNDEPLOY, REDEPLOY, CPU }

    /** CPU load the page put on a node: {@code threads} spinning until {@code untilMillis} (epoch). */
    public record CpuInjection(int threads, int seconds, long untilMillis) {

        /** Whole seconds left at {@code nowMillis}, rounded up; 0 once over. */
        public long secondsLeft(long nowMillis) {
            return Math.max(0, (untilMillis - nowMillis + 999) / 1000);
        }
    }

    /** The failure count the page shows is counted from here: the count and time of the last reset. */
    record FailureBaseline(long failures, long epochMillis) {
    }

    /** How much CPU load one click of the page's button puts on a node, and for how long. */
    static final int CPU_THREADS = 2;
    static final int CPU_SECONDS = 30;

    private final ClusterSettings settings;
    private final List<ClusterNode> nodes = new ArrayList<>();
    /** CPU load put on each node through the page: when it ends (epoch millis) and with how many threads. */
    private final Map<String, CpuInjection> injections = new ConcurrentHashMap<>();
    private volatile FailureBaseline failureBaseline = new FailureBaseline(0, 0);
    private final ClusterHistory history = new ClusterHistory(300);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private UndertowBalancer balancer;
    private HaproxyBalancer haproxy;
    private LoadDriver driver;
    private ClusterWebServer web;
    private ScheduledExecutorService sampler;
    private ExecutorService actions;
    private ExecutorService loadActions;
    private boolean closed;

    private LocalCluster(ClusterSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts the cluster.
     *
     * @throws PortInUseException when a fixed port is taken (nothing is left running)
     */
    public static LocalCluster start(ClusterSettings settings) throws Exception {
        LocalCluster cluster = new LocalCluster(settings);
        try {
            cluster.startAll();
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        if (!Files.isRegularFile(settings.war())) {
            throw new IllegalArgumentException("demo war not found at " + settings.war().toAbsolutePath()
                    + ": build it with 'mvn -q -DskipTests install' or give its path with --war=<file>");
        }
        checkFree("proxy-port", settings.proxyPort());
        checkFree("mcmp-port", settings.mcmpPort());
        checkFree("ui-port", settings.uiPort());
        actions = Executors.newSingleThreadExecutor(daemon("clusteragent-local-cluster-actions"));
        loadActions = Executors.newSingleThreadExecutor(daemon("clusteragent-local-cluster-load"));
        sampler = Executors.newSingleThreadScheduledExecutor(daemon("clusteragent-local-cluster-sampler"));
        balancer = UndertowBalancer.builder()
                .proxyPort(settings.haproxy() ? 0 : settings.proxyPort()).mcmpPort(settings.mcmpPort())
                .healthCheckInterval(Duration.ofSeconds(1)).removeBrokenNodes(Duration.ofSeconds(10))
                .maxRetries(2)
                .advertise(settings.advertiseGroup(), settings.advertisePort(), settings.securityKey(),
                        Duration.ofSeconds(1))
                .start();
        for (int i = 1; i <= settings.tomcatNodes(); i++) {
            nodes.add(new TomcatNode("tomcat-" + i, settings));
        }
        for (int i = 1; i <= settings.undertowNodes(); i++) {
            nodes.add(new UndertowNode("undertow-" + i, settings));
        }
        for (ClusterNode node : nodes) {
            node.start();
        }
        awaitRouted();
        if (settings.haproxy()) {
            startHaproxy();
        }
        driver = new LoadDriver(proxyUri("/hello"), settings.clients(), settings.sessionLife(),
                settings.thinkTime(), System::nanoTime);
        driver.start();
        sampler.scheduleAtFixedRate(this::sample, 0, ClusterWebServer.SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        web = new ClusterWebServer(this, settings.uiPort());
        web.start();
        LOG.infof("CLAG8057: local cluster ready: %d nodes behind http://127.0.0.1:%d%s/, live page on %s",
                nodes.size(), balancer.proxyPort(), ClusterSettings.DEMO_PATH, pageUri());
    }

    /** HAProxy in front of the started nodes (their ports are fixed after the first start). */
    private void startHaproxy() {
        if (HaproxyBalancer.problem().isPresent()) {
            throw new IllegalStateException("--balancer=haproxy: " + HaproxyBalancer.problem().get() + "; "
                    + HaproxyBalancer.HOW_TO_ENABLE);
        }
        List<HaproxyBalancer.Server> servers = new ArrayList<>();
        for (ClusterNode node : nodes) {
            servers.add(new HaproxyBalancer.Server(node.name(), node.port(), settings.agentPort(node.name())));
        }
        haproxy = new HaproxyBalancer(servers, settings.proxyPort(), settings.proxyPort() == 0 ? 0 : 8404).start();
        for (ClusterNode node : nodes) {
            if (haproxy.await(node.name(), HaproxyBalancer.ServerState::up, Duration.ofSeconds(20)).isEmpty()) {
                LOG.warnf("CLAG2551: HAProxy does not have node %s up after 20 s: %s", node.name(), haproxy.servers());
            }
        }
        LOG.infof("CLAG2550: clients go through HAProxy on http://127.0.0.1:%d%s/, weighted by each node's agent "
                + "check; HAProxy's stats page (weights, states): %s", haproxy.port(), ClusterSettings.DEMO_PATH,
                haproxy.statsUri().map(URI::toString).orElse("none"));
    }

    /** The HAProxy in front of the nodes with {@code --balancer=haproxy}; empty otherwise. */
    public Optional<HaproxyBalancer> haproxy() {
        return Optional.ofNullable(haproxy);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** A clear error before anything binds, rather than a stack trace from deep inside a server. */
    private static void checkFree(String option, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(InetAddress.getByName(ClusterSettings.LOOPBACK), port));
        } catch (IOException e) {
            throw new PortInUseException(option, port, e);
        }
    }

    private void awaitRouted() throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        for (ClusterNode node : nodes) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (balancer.awaitNode(node.name(), b -> b.routes(ClusterSettings.DEMO_PATH), left).isEmpty()) {
                LOG.warnf("CLAG8058: the balancer does not route %s to node %s after %s; it may join later",
                        ClusterSettings.DEMO_PATH, node.name(), READY_WAIT);
            }
        }
    }

    private void sample() {
        try {
            history.record(System.currentTimeMillis(), nodes, balancer.nodes(), driver.stats().snapshot(),
                    driver.clients());
        } catch (RuntimeException e) {
            LOG.warnf("CLAG8059: sampling the cluster failed: %s", e.toString());
        }
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** The nodes, Tomcat ones first; the list is fixed after start. */
    public List<ClusterNode> nodes() {
        return List.copyOf(nodes);
    }

    public Optional<ClusterNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public UndertowBalancer balancer() {
        return balancer;
    }

    public LoadDriver loadDriver() {
        return driver;
    }

    public ClusterHistory history() {
        return history;
    }

    /** {@code path} of the demo through the balancer, e.g. {@code proxyUri("/hello")}. */
    public URI proxyUri(String path) {
        if (haproxy != null) {
            return haproxy.uri(ClusterSettings.DEMO_PATH + path);
        }
        return balancer.proxyUri(ClusterSettings.DEMO_PATH + path);
    }

    /** The live page. */
    public URI pageUri() {
        return URI.create("http://127.0.0.1:" + web.port() + "/");
    }

    /**
     * Runs {@code action} on {@code nodeName} in the background (one action at a time).
     *
     * @throws IllegalArgumentException when there is no such node
     */
    public CompletableFuture<Void> act(String nodeName, Action action) {
        ClusterNode node = node(nodeName).orElseThrow(() -> new IllegalArgumentException(
                "no node named '" + nodeName + "'; the nodes are " + nodes.stream().map(ClusterNode::name).toList()));
        if (node instanceof ContainerNode container) {
            container.refusal(action).ifPresent(reason -> {
                throw new ContainerNode.RefusedException(action.name().toLowerCase(Locale.ROOT) + " refused: " + reason);
            });
        }
        return CompletableFuture.runAsync(() -> {
            try {
                LOG.infof("CLAG8060: %s on node %s", action.name().toLowerCase(Locale.ROOT), nodeName);
                switch (action) {
                    case STOP -> node.stop();
                    case START -> node.start();
                    case UNDEPLOY -> node.undeploy();
                    case REDEPLOY -> node.redeploy();
                    case CPU -> cpuLoad(node, CPU_THREADS, CPU_SECONDS);
                }
            } catch (Exception e) {
                LOG.warnf("CLAG8061: %s on node %s failed: %s", action, nodeName, e.toString());
                throw new IllegalStateException(action + " on " + nodeName + " failed: " + e.getMessage(), e);
            }
        }, action == Action.CPU ? loadActions : actions);
    }

    /** Asks the demo on {@code node} itself (not through the balancer) to spin {@code threads} threads for {@code seconds}. */
    public void cpuLoad(ClusterNode node, int threads, int seconds) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + node.port() + ClusterSettings.DEMO_PATH
                + "/cpu?threads=" + threads + "&seconds=" + seconds);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body().strip());
        }
        injections.merge(node.name(), new CpuInjection(threads, seconds, System.currentTimeMillis() + seconds * 1000L),
                (old, added) -> old.untilMillis() > System.currentTimeMillis()
                        ? new CpuInjection(old.threads() + added.threads(), seconds,
                                Math.max(old.untilMillis(), added.untilMillis()))
                        : added);
    }

    /**
     * The CPU load in progress on {@code node}, if any. A node that stops or undeploys the demo ends
     * it (the spinning threads belong to the demo), so only a running node has one.
     */
    public Optional<CpuInjection> cpuInjection(ClusterNode node) {
        CpuInjection injection = injections.get(node.name());
        if (injection == null || injection.untilMillis() <= System.currentTimeMillis()
                || node.state() != ClusterNode.State.RUNNING) {
            if (injection != null && node.state() != ClusterNode.State.RUNNING) {
                injections.remove(node.name(), injection);
            }
            return Optional.empty();
        }
        return Optional.of(injection);
    }

    /** Starts the page's failure count again from 0 (the load driver's own counters are not touched). */
    public void resetFailureCount() {
        failureBaseline = new FailureBaseline(driver.stats().snapshot().failures(), System.currentTimeMillis());
    }

    FailureBaseline failureBaseline() {
        return failureBaseline;
    }

    /** Stops the page, the load, then every node (in parallel, each draining), then the balancer. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (web != null) {
            web.stop();
        }
        if (driver != null) {
            driver.stop();
        }
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (actions != null) {
            actions.shutdownNow();
        }
        if (loadActions != null) {
            loadActions.shutdownNow();
        }
        List<Thread> stoppers = new ArrayList<>();
        for (ClusterNode node : nodes) {
            Thread t = new Thread(node::close, "clusteragent-local-cluster-stop-" + node.name());
            t.setDaemon(true);
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join(settings.drainTimeout().toMillis() + 20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (balancer != null) {
            balancer.stop();
        }
        LOG.info("CLAG8062: local cluster stopped");
    }
}
