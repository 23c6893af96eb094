package org.clusteragent.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.clusteragent.harness.cluster.TempFiles;

/**
 * A real HAProxy (the Debian package's {@code /usr/sbin/haproxy}) in front of nodes that answer its
 * agent check: it writes a haproxy.cfg into its own temp directory, listens on 127.0.0.1 on a free
 * port, checks every server each second (a TCP health check plus {@code agent-check agent-inter 1s}),
 * and reads each server's state and current weight from the admin socket ({@code show stat}).
 * {@link #close()} stops the process it started and deletes its directory. Thread-safe.
 */
public final class HaproxyBalancer implements AutoCloseable {

    /** Where the Debian package puts the binary. */
    public static final Path BINARY = Path.of("/usr/sbin/haproxy");
    /** How to get it on a clean machine. */
    public static final String HOW_TO_ENABLE = "install the Debian package haproxy (scripts/setup.sh does)";

    /**
     * One server line.
     *
     * @param name      the server name (the node's jvmRoute, by convention)
     * @param port      the node's HTTP connector port on 127.0.0.1
     * @param agentPort the node's {@code agentCheckPort}
     */
    public record Server(String name, int port, int agentPort) {
    }

    /**
     * One server as HAProxy sees it.
     *
     * @param status HAProxy's status word: {@code UP}, {@code DOWN}, {@code DRAIN}, {@code MAINT},
     *               possibly with a transition suffix such as {@code UP 1/2}
     * @param weight the current effective weight
     * @param agent  the last agent check result as shown by HAProxy ({@code agent_status} + description)
     */
    public record ServerState(String name, String status, int weight, String agent) {
        public boolean up() {
            return status.equals("UP");
        }
    }

    private final List<Server> servers;
    private final Path dir;
    private final int port;
    private final int statsPort;
    private Process process;

    /** On free ports, without a stats page. */
    public HaproxyBalancer(List<Server> servers) {
        this(servers, 0, -1);
    }

    /**
     * @param port      where clients connect (0: a free port)
     * @param statsPort HAProxy's stats page, refreshed every second (0: a free port, -1: none)
     */
    public HaproxyBalancer(List<Server> servers, int port, int statsPort) {
        this.servers = List.copyOf(servers);
        try {
            this.dir = newDir();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = port == 0 ? freePort() : port;
        this.statsPort = statsPort == 0 ? freePort() : statsPort;
    }

    /** Empty when HAProxy can run here, else what is missing. */
    public static Optional<String> problem() {
        return Files.isExecutable(BINARY) ? Optional.empty() : Optional.of(BINARY + " is not installed");
    }

    /** The haproxy.cfg this balancer runs (complete; docs/haproxy.md shows one). */
    public String config() {
        StringBuilder b = new StringBuilder();
        b.append("global\n")
                .append("    maxconn 256\n")
                .append("    stats socket ").append(socket()).append(" mode 600 level admin\n")
                .append("\n")
                .append("defaults\n")
                .append("    mode http\n")
                .append("    timeout connect 2s\n")
                .append("    timeout client 30s\n")
                .append("    timeout server 30s\n")
                .append("    # a request whose connection fails is sent to another server\n")
                .append("    retries 3\n")
                .append("    option redispatch 1\n")
                .append("    retry-on conn-failure empty-response response-timeout\n")
                .append("\n")
                .append("frontend web\n")
                .append("    bind 127.0.0.1:").append(port).append('\n')
                .append("    default_backend nodes\n")
                .append("\n")
                .append(stats())
                .append("backend nodes\n")
                .append("    balance roundrobin\n");
        for (Server s : servers) {
            b.append("    server ").append(s.name()).append(" 127.0.0.1:").append(s.port())
                    .append(" weight 100 check inter 1s agent-check agent-port ").append(s.agentPort())
                    .append(" agent-inter 1s\n");
        }
        return b.toString();
    }

    private String stats() {
        if (statsPort < 0) {
            return "";
        }
        return "listen stats\n    bind 127.0.0.1:" + statsPort + "\n    stats enable\n    stats uri /\n"
                + "    stats refresh 1s\n\n";
    }

    /** The stats page, when there is one. */
    public Optional<URI> statsUri() {
        return statsPort < 0 ? Optional.empty() : Optional.of(URI.create("http://127.0.0.1:" + statsPort + "/"));
    }

    /** Writes the configuration, starts HAProxy and waits (up to 20 s) until it accepts connections. */
    public synchronized HaproxyBalancer start() {
        Path cfg = dir.resolve("haproxy.cfg");
        try {
            Files.writeString(cfg, config());
            process = new ProcessBuilder(BINARY.toString(), "-db", "-f", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + BINARY, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!accepts() || !Files.exists(socket())) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                String log = log();
                stop();
                throw new IllegalStateException("HAProxy did not start: " + log);
            }
            pause(20);
        }
        return this;
    }

    /** The port clients send requests to. */
    public int port() {
        return port;
    }

    /** {@code path} (starting with /) through HAProxy. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Every server of the backend as HAProxy sees it now, in configuration order. */
    public Map<String, ServerState> servers() {
        Map<String, ServerState> states = new LinkedHashMap<>();
        String[] lines = command("show stat").split("\n");
        if (lines.length == 0 || !lines[0].startsWith("# ")) {
            throw new IllegalStateException("unexpected 'show stat' answer: " + Arrays.toString(lines));
        }
        List<String> header = Arrays.asList(lines[0].substring(2).split(",", -1));
        int pxname = header.indexOf("pxname");
        int svname = header.indexOf("svname");
        int status = header.indexOf("status");
        int weight = header.indexOf("weight");
        int agentStatus = header.indexOf("agent_status");
        int agentDesc = header.indexOf("agent_desc");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            if (f.length < header.size() || !f[pxname].equals("nodes") || f[svname].equals("BACKEND")) {
                continue;
            }
            states.put(f[svname], new ServerState(f[svname], f[status], parse(f[weight]),
                    f[agentStatus] + (f[agentDesc].isEmpty() ? "" : " " + f[agentDesc])));
        }
        return states;
    }

    /** Waits (polling every 50 ms) until server {@code name} satisfies {@code condition}; empty on timeout. */
    public Optional<ServerState> await(String name, Predicate<ServerState> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            ServerState state = servers().get(name);
            if (state != null && condition.test(state)) {
                return Optional.of(state);
            }
            pause(50);
        } while (System.nanoTime() - deadline < 0);
        return Optional.empty();
    }

    /** What HAProxy printed so far. */
    public String log() {
        try {
            return Files.exists(dir.resolve("haproxy.log")) ? Files.readString(dir.resolve("haproxy.log")) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops HAProxy (waits up to 10 s). Idempotent. */
    public synchronized void stop() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops HAProxy and deletes its directory. */
    @Override
    public void close() {
        stop();
        TempFiles.deleteQuietly(dir);
    }

    /**
     * HAProxy refuses an admin socket path longer than 97 bytes, so under a deep java.io.tmpdir (such as a
     * build's target/test-tmp) the folder goes to /tmp instead; {@link #close()} deletes it either way.
     */
    private static Path newDir() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        // "/clusteragent-haproxy-" + at most 20 digits + "/admin.sock"
        int below = "/clusteragent-haproxy-".length() + 20 + "/admin.sock".length();
        Path base = tmp.toString().length() + below <= 97 ? tmp : Path.of("/tmp");
        return Files.createTempDirectory(base, "clusteragent-haproxy-");
    }

    private Path socket() {
        return dir.resolve("admin.sock");
    }

    private String command(String line) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket()));
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            StringBuilder out = new StringBuilder();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                out.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("HAProxy admin socket " + socket() + ": " + e.getMessage(), e);
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int parse(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A port free on 127.0.0.1 right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "HAProxy on 127.0.0.1:" + port + " " + new ArrayList<>(servers);
    }
}
