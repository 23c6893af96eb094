package org.clusteragent.harness.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.harness.testing.Cleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real user path: Tomcat's own distribution tarball (unpacked by the build into
 * {@code clusteragent.tomcatHome}), the tomcat-lib jar dropped into {@code lib/}, a war dropped into
 * {@code webapps/}, the {@code <Listener>} added to {@code conf/server.xml}, and Tomcat started and
 * stopped with {@code bin/catalina.sh}. Routing is proven through Undertow's real balancer. The build
 * runs it once per Tomcat line (10.1 in the default test run, 11 in the second); it works on a copy
 * of the distribution in a temporary directory and kills the Tomcat process if anything goes wrong.
 */
class TomcatDistributionTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String ROUTE = "dist";
    private static final String MARKER = "clusteragent distribution test";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(150)
    void catalinaShStartsTomcatWithTheListenerAndTheBalancerRoutesToIt() throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "catalina.sh needs a POSIX shell");
        Path home = Path.of(required("clusteragent.tomcatHome"));
        Path libJar = Path.of(required("clusteragent.tomcatLibJar"));
        assertTrue(Files.isRegularFile(home.resolve("bin/catalina.sh")), home + " is an unpacked Tomcat");
        assertTrue(Files.isRegularFile(libJar), libJar + " exists (mvn package of container-tomcat)");

        Path base = Files.createTempDirectory("clusteragent-dist-");
        Path tomcat = base.resolve("tomcat");
        long pid = -1;
        boolean passed = false;
        try (UndertowBalancer balancer = UndertowBalancer.builder().start()) {
            copyTree(home, tomcat);
            install(tomcat, libJar, balancer.mcmpPort());

            run(tomcat, "start");
            pid = Long.parseLong(Files.readString(tomcat.resolve("catalina.pid")).trim());
            long started = System.nanoTime();
            Optional<?> node = balancer.awaitNode(ROUTE, n -> n.routes("/clusterapp"), BOUND);
            assertTrue(node.isPresent(), () -> "node " + ROUTE + " routable at the balancer: " + balancer.nodes());
            System.out.printf("%s: routable %d ms after catalina.sh start returned%n", home.getFileName(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(balancer.proxyUri("/clusterapp/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains(MARKER), response.body());
            assertEquals(httpPort(tomcat), balancer.node(ROUTE).orElseThrow().uri().getPort(),
                    "the balancer sends to the connector from server.xml");

            run(tomcat, "stop");
            assertTrue(ProcessHandle.of(pid).map(p -> p.onExit()).map(f -> {
                try {
                    f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                    return true;
                } catch (Exception e) {
                    return false;
                }
            }).orElse(true), "Tomcat (pid " + pid + ") exits after catalina.sh stop");
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " gone");
            assertEquals(Optional.empty(), balancer.node(ROUTE), "the node left the balancer on shutdown");

            String log = Files.readString(tomcat.resolve("logs/catalina.out"));
            assertTrue(log.contains("CLAG6000"), "agent started (CLAG6000) in catalina.out");
            assertTrue(log.contains("CLAG6006"), "agent stopped cleanly (CLAG6006) in catalina.out");
            for (String bad : List.of("CLAG6001", "CLAG6002", "CLAG6003", "CLAG6004", "CLAG6005")) {
                assertFalse(log.contains(bad), bad + " in catalina.out");
            }
            String expected = System.getProperty("clusteragent.expectedTomcat");
            if (expected != null) {
                assertTrue(log.contains("Apache Tomcat/" + expected), "catalina.out names Apache Tomcat/" + expected);
            }
            passed = true;
        } finally {
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
                });
            }
            if (!passed) {
                printLogTail(tomcat.resolve("logs/catalina.out"));
            }
            Cleanup.deleteQuietly(base);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run this test"
                    + " with Maven (mvn verify in test-harness), which unpacks Tomcat and sets it");
        }
        return value;
    }

    /** Drops in the jar and the war and adds the listener, as docs/tomcat.md tells a user to. */
    private static void install(Path tomcat, Path libJar, int mcmpPort) throws Exception {
        try (Stream<Path> scripts = Files.list(tomcat.resolve("bin"))) {
            scripts.filter(p -> p.toString().endsWith(".sh")).forEach(p -> p.toFile().setExecutable(true));
        }
        Files.copy(libJar, tomcat.resolve("lib").resolve(libJar.getFileName()));
        // The bundled apps only slow the start down; the test war is the one that counts.
        try (Stream<Path> apps = Files.list(tomcat.resolve("webapps"))) {
            apps.forEach(Cleanup::deleteQuietly);
        }
        writeWar(tomcat.resolve("webapps/clusterapp.war"));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("proxyList", "127.0.0.1:" + mcmpPort);
        attributes.put("advertise", "false");
        attributes.put("statusInterval", "1");
        attributes.put("jvmRoute", ROUTE);
        ServerXml.edit(tomcat.resolve("conf/server.xml"), freePort(), freePort(),
                "org.clusteragent.tomcat.ClusterListener", attributes);
    }

    private static int httpPort(Path tomcat) throws IOException {
        String xml = Files.readString(tomcat.resolve("conf/server.xml"));
        var m = java.util.regex.Pattern.compile("<Connector[^>]*\\sport=\"(\\d+)\"").matcher(xml);
        assertTrue(m.find(), "HTTP connector in server.xml");
        return Integer.parseInt(m.group(1));
    }

    /** A war with one static page: enough to prove that requests reach a deployed webapp. */
    private static void writeWar(Path war) throws IOException {
        try (OutputStream out = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("index.html"));
            zip.write(("<html><body>" + MARKER + "</body></html>\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    /** Runs {@code bin/catalina.sh <command>} (which returns once Tomcat is launched or told to stop). */
    private static void run(Path tomcat, String command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tomcat.resolve("bin/catalina.sh").toString(), command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tomcat.toFile())
                .redirectErrorStream(true)
                .redirectOutput(tomcat.resolve("catalina-" + command + ".txt").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CATALINA_") || k.equals("JAVA_OPTS") || k.equals("JRE_HOME"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CATALINA_HOME", tomcat.toString());
        env.put("CATALINA_BASE", tomcat.toString());
        env.put("CATALINA_PID", tomcat.resolve("catalina.pid").toString());
        env.put("CATALINA_OPTS", "-Xmx256m -Djava.net.preferIPv4Stack=true");
        Process process = pb.start();
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("catalina.sh " + command + " did not return within " + BOUND);
        }
        assertEquals(0, process.exitValue(), () -> "catalina.sh " + command + ": "
                + readQuietly(tomcat.resolve("catalina-" + command + ".txt")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e + ")";
        }
    }

    private static void printLogTail(Path log) {
        String text = readQuietly(log);
        System.out.println("---- tail of " + log + " ----");
        System.out.println(text.substring(Math.max(0, text.length() - 8000)));
    }
}
