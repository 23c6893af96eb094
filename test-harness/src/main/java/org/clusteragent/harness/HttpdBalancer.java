package org.clusteragent.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import org.clusteragent.harness.cluster.TempFiles;
import org.clusteragent.harness.httpd.HttpdCertificates;
import org.clusteragent.harness.httpd.HttpdConfig;
import org.clusteragent.harness.httpd.HttpdInfo;
import org.clusteragent.harness.httpd.HttpdModules;
import org.clusteragent.harness.httpd.HttpdProcess;
import org.clusteragent.harness.httpd.HttpdSettings;
import org.clusteragent.harness.httpd.HttpdSetup;
import org.clusteragent.harness.httpd.OneShotHttp;
import org.clusteragent.spi.ProxyAddress;
import org.jboss.logging.Logger;

/**
 * A real Apache httpd with mod_proxy_cluster, as a child process: the test fixture beside
 * {@link UndertowBalancer}. It builds the modules once per source ({@link HttpdSetup#modules()}), writes
 * its own httpd.conf ({@link HttpdConfig}) into a temporary ServerRoot, and runs httpd in the foreground
 * on the settings' host (127.0.0.1) and free ports, which later starts keep. Besides start and stop it
 * offers every kind of restart a real httpd sees: {@link #gracefulRestart()} (SIGUSR1, {@code apachectl
 * graceful}: forgets every node, keeps its id), {@link #hupRestart()} (SIGHUP: new id),
 * {@link #crash()} (SIGKILL of every httpd process) and {@link #restart()} (stop, then start). It reads
 * httpd's state over MCMP ({@link #info()}, {@link #dump()}), its mod_cluster-manager page and its
 * error log.
 *
 * <p>{@link #close()} stops every process it started and deletes the ServerRoot; a JVM shutdown hook
 * does the same as a last resort when a test never gets to close it. Lifecycle methods are
 * synchronized; readers are thread-safe.
 */
public final class HttpdBalancer implements RealProxy {

    private static final Logger LOG = Logger.getLogger(HttpdBalancer.class);

    private final HttpdSettings settings;
    private final HttpdModules modules;
    private final Path root;
    private final Thread shutdownHook;
    private final SSLContext tlsContext;
    private final HttpdCertificates certificates;
    private volatile HttpdProcess process;
    private volatile int proxyPort;
    private volatile int mcmpPort;
    private int starts;

    private HttpdBalancer(HttpdSettings settings, HttpdSetup setup) {
        this.settings = settings;
        this.modules = setup.modules();
        this.proxyPort = settings.proxyPort();
        this.mcmpPort = settings.mcmpPort();
        try {
            // In the system's temp folder, not the build's java.io.tmpdir (target/test-tmp): httpd's children
            // (nobody, when run as root) must be able to reach the root, and the build folder's parents may
            // not let them. close() removes it.
            root = Files.createTempDirectory(Path.of(System.getProperty("clusteragent.httpdTmpDir", "/tmp")),
                    "clusteragent-httpd-").toAbsolutePath();
            Files.createDirectories(root.resolve("logs"));
            Files.createDirectories(root.resolve("cache"));
            if (HttpdConfig.isRoot()) {
                // httpd's children run as nobody: they must reach the shared memory files below the root
                root.toFile().setExecutable(true, false);
                root.toFile().setReadable(true, false);
            }
            certificates = settings.tls().isPresent() ? HttpdCertificates.generate(root.resolve("tls")) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a ServerRoot for httpd: " + e.getMessage(), e);
        }
        tlsContext = certificates == null ? null
                : certificates.clientContext(settings.tls().get().requireClientCertificate());
        shutdownHook = new Thread(() -> {
            kill();
            TempFiles.deleteQuietly(root);
        }, "clusteragent-httpd-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A balancer with {@code settings}, not started; builds the modules first if needed (seconds). */
    public static HttpdBalancer create(HttpdSettings settings) {
        HttpdSetup setup = HttpdSetup.find().orElseThrow(() -> new IllegalStateException(
                "httpd fixture unavailable: " + HttpdSetup.problem().orElse("?") + "; " + HttpdSetup.HOW_TO_ENABLE));
        return new HttpdBalancer(settings, setup);
    }

    /** A balancer with the defaults (127.0.0.1, free ports, no advertise, no TLS), started. */
    public static HttpdBalancer startDefault() {
        return start(new HttpdSettings.Builder().build());
    }

    /** A balancer with {@code settings}, started; when the start fails, its ServerRoot is deleted too. */
    public static HttpdBalancer start(HttpdSettings settings) {
        HttpdBalancer httpd = create(settings);
        try {
            return httpd.start();
        } catch (RuntimeException e) {
            httpd.close();
            throw e;
        }
    }

    public HttpdSettings settings() {
        return settings;
    }

    @Override
    public String kind() {
        return "httpd";
    }

    /**
     * Writes httpd.conf and starts httpd, waiting (up to 20 s) until it serves on both ports.
     *
     * @throws IllegalStateException when already running, or httpd fails to start (with its log's end)
     */
    @Override
    public synchronized HttpdBalancer start() {
        if (isRunning()) {
            throw new IllegalStateException("httpd already running on MCMP port " + mcmpPort);
        }
        if (proxyPort == 0 || mcmpPort == 0) {
            int[] free = HttpdProcess.freePorts(2);
            proxyPort = proxyPort == 0 ? free[0] : proxyPort;
            mcmpPort = mcmpPort == 0 ? free[1] : mcmpPort;
        }
        try {
            Path conf = root.resolve("httpd.conf");
            Files.writeString(conf, HttpdConfig.text(settings, modules, root, proxyPort, mcmpPort,
                    certificates == null ? null : certificates.files()));
            process = HttpdProcess.start(modules.httpd(), root, conf, settings.host(), proxyPort, mcmpPort);
            starts++;
            LOG.infof("CLAG8200: httpd started (pid %d): MCMP on %s:%d, proxy on %s:%d, ServerRoot %s",
                    process.pid(), settings.host(), mcmpPort, settings.host(), proxyPort, root);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start httpd: " + e.getMessage(), e);
        }
    }

    /** {@code apachectl graceful}: SIGUSR1; returns once httpd serves again. It forgets every node, keeps its id. */
    public synchronized void gracefulRestart() {
        signalAndAwait("USR1", "graceful restart");
    }

    /** {@code apachectl restart}: SIGHUP; returns once httpd serves again, with a new id. */
    public synchronized void hupRestart() {
        signalAndAwait("HUP", "SIGHUP restart");
    }

    /** SIGKILL to httpd and every child, as a crash: nothing is cleaned up; {@link #start()} brings it back. */
    public synchronized void crash() {
        kill();
    }

    /** Stops httpd as {@code apachectl stop} does (SIGTERM), killing what is left after 10 s. Idempotent. */
    @Override
    public synchronized void stop() {
        HttpdProcess p = process;
        if (p == null) {
            return;
        }
        if (!p.terminate(Duration.ofSeconds(10))) {
            LOG.warnf("CLAG8201: httpd (pid %d) did not stop within 10 s of SIGTERM; killing it", p.pid());
        }
        process = null;
        LOG.infof("CLAG8202: httpd on MCMP port %d stopped", mcmpPort);
    }

    @Override
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops httpd and deletes its ServerRoot; the shutdown hook is no longer needed. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            kill();
            TempFiles.deleteQuietly(root);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway; it finds nothing left to do
            }
        }
    }

    @Override
    public boolean isRunning() {
        HttpdProcess p = process;
        return p != null && p.isAlive();
    }

    /** How many times httpd was started by {@link #start()} (restarts by signal do not count). */
    public synchronized int starts() {
        return starts;
    }

    /** The pid of httpd's parent process, while running. */
    public long pid() {
        HttpdProcess p = process;
        if (p == null) {
            throw new IllegalStateException("httpd is not running");
        }
        return p.pid();
    }

    @Override
    public int mcmpPort() {
        return mcmpPort;
    }

    @Override
    public int proxyPort() {
        return proxyPort;
    }

    @Override
    public ProxyAddress mcmpAddress() {
        return new ProxyAddress(settings.host(), mcmpPort, certificates != null);
    }

    @Override
    public URI proxyUri(String path) {
        return URI.create("http://" + settings.host() + ":" + proxyPort + path);
    }

    /** The TLS files (CA, server and client certificates and stores) when the settings ask for TLS. */
    public HttpdCertificates certificates() {
        return Objects.requireNonNull(certificates, "this httpd runs without TLS");
    }

    /** The ServerRoot (a temporary folder, deleted by {@link #close()}). */
    public Path root() {
        return root;
    }

    /** What httpd answers to an MCMP {@code INFO}. */
    public String info() {
        return mcmp("INFO", "/");
    }

    /** What httpd answers to an MCMP {@code DUMP}. */
    public String dump() {
        return mcmp("DUMP", "/*");
    }

    /** The mod_cluster-manager page, as HTML text. */
    public String managerPage() {
        return mcmp("GET", HttpdConfig.MANAGER_PATH);
    }

    /** The mod_cluster-manager page's URI with {@code query} (no leading ?), e.g. a {@code Cmd=…} link. */
    public URI managerUri(String query) {
        return URI.create(mcmpScheme() + "://" + settings.host() + ":" + mcmpPort + HttpdConfig.MANAGER_PATH
                + (query.isEmpty() ? "" : "?" + query));
    }

    @Override
    public List<BalancerNode> nodes() {
        if (!isRunning()) {
            return List.of();
        }
        try {
            return HttpdInfo.nodes(info());
        } catch (UncheckedIOException e) {
            return List.of(); // between a restart's stop and start
        }
    }

    /** Every line of httpd's error log so far (across restarts of this instance). */
    public List<String> errorLog() {
        return HttpdProcess.errorLog(root);
    }

    /** The error log lines containing {@code text}. */
    public List<String> errorLogLines(String text) {
        return errorLog().stream().filter(l -> l.contains(text)).toList();
    }

    private String mcmp(String method, String path) {
        try {
            OneShotHttp.Reply r = OneShotHttp.exchange(settings.host(), mcmpPort, tlsContext, method, path, "");
            if (r.status() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + r.status() + " " + r.headers()
                        + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " to httpd's MCMP port " + mcmpPort + " failed: " + e, e);
        }
    }

    private String mcmpScheme() {
        return certificates == null ? "http" : "https";
    }

    private void signalAndAwait(String signal, String what) {
        HttpdProcess p = process;
        if (p == null) {
            throw new IllegalStateException("httpd is not running: cannot do a " + what);
        }
        p.signal(signal, what);
        LOG.infof("CLAG8203: httpd (pid %d) did a %s", p.pid(), what);
    }

    /** SIGKILL to the parent and every child; safe at any time, also from the shutdown hook. */
    private void kill() {
        HttpdProcess p = process;
        if (p != null) {
            p.kill();
            process = null;
        }
    }

    @Override
    public String toString() {
        return "HttpdBalancer[" + settings.host() + " mcmp=" + mcmpPort + " proxy=" + proxyPort
                + (isRunning() ? " running" : " stopped") + "]";
    }
}
