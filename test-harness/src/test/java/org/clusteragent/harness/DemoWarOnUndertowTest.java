package org.clusteragent.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.servlet.ServletContainerInitializer;

import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainerInitializerInfo;

/**
 * The same {@code demo.war}, unchanged, on embedded Undertow: the war is unpacked, its
 * {@code WEB-INF/classes} loaded by their own class loader, and the initializer named in its
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer} added to the deployment,
 * which is all Undertow needs (it scans neither web.xml nor annotations by itself). Undertow keeps
 * the route out of session ids, so the node name comes from the context init parameter
 * {@code demo.node}.
 */
@Timeout(120)
class DemoWarOnUndertowTest {

    private static Path dir;
    private static URLClassLoader warLoader;
    private static XnioWorker worker;
    private static Undertow server;
    private static DeploymentManager manager;
    private static ExecutorService clientThreads;
    private static HttpClient client;
    private static String base;

    private record Reply(int status, String body, String setCookie) {
        long number(String field) {
            Matcher m = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(body);
            assertTrue(m.find(), "no number field " + field + " in " + body);
            return Long.parseLong(m.group(1));
        }

        String text(String field) {
            Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(body);
            return m.find() ? m.group(1) : fail("no string field " + field + " in " + body);
        }
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start() throws Exception {
        Path war = Path.of(System.getProperty("clusteragent.demoWar", "../demo-war/target/demo.war")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(war)) {
            fail("demo.war not found at " + war + ": build it first (mvn -o -pl demo-war package, or mvn verify from the root), "
                    + "or point -Dclusteragent.demoWar at it");
        }
        dir = Files.createTempDirectory("clusteragent-demowar-undertow-");
        unzip(war, dir);
        Path classes = dir.resolve("WEB-INF/classes");
        warLoader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, DemoWarOnUndertowTest.class.getClassLoader());
        String sci = Files.readString(classes.resolve("META-INF/services/jakarta.servlet.ServletContainerInitializer")).strip();
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(warLoader)
                .setContextPath("/demo")
                .setDeploymentName("demo.war")
                .addInitParameter("demo.node", "nodeU")
                .addServletContainerInitializer(new ServletContainerInitializerInfo(
                        (Class<? extends ServletContainerInitializer>) warLoader.loadClass(sci), null));
        manager = Servlets.defaultContainer().addDeployment(info);
        // clusteragent's servlet extension (on this class path) reads every clusteragent.* init parameter
        // and finds no connectorPort: it leaves the deployment unclustered. The demo's own parameters
        // (demo.*) are none of its business, so none of them is reported as an unknown attribute.
        try (CapturedLog log = CapturedLog.capture()) {
            manager.deploy();
            assertTrue(log.one("CLAG7002").startsWith("CLAG7002: deployment demo.war is not registered"), log.toString());
            assertEquals(1, log.withId("CLAG7001").size(), log.toString());
            assertTrue(log.one("CLAG7001").contains("connectorPort is required"), log.toString());
            assertTrue(log.one("CLAG7002").contains("because of the 1 configuration problem"), log.toString());
        }
        worker = Xnio.getInstance().createWorker(OptionMap.builder()
                .set(Options.WORKER_NAME, "clusteragent-test-undertow-demo")
                .set(Options.THREAD_DAEMON, true)
                .set(Options.WORKER_IO_THREADS, 1)
                .set(Options.WORKER_TASK_CORE_THREADS, 8)
                .set(Options.WORKER_TASK_MAX_THREADS, 16).getMap());
        server = Undertow.builder().setWorker(worker).addHttpListener(0, "127.0.0.1").setHandler(Handlers.path().addPrefixPath("/demo", manager.start())).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        base = "http://127.0.0.1:" + port + "/demo";
        AtomicInteger ids = new AtomicInteger();
        clientThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "clusteragent-test-demowar-u-http-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(clientThreads).build();
    }

    private static void unzip(Path war, Path target) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                Path out = target.resolve(e.getName()).normalize();
                assertTrue(out.startsWith(target), "entry escapes the directory: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out);
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (manager != null) {
            manager.stop();
            manager.undeploy();
        }
        if (worker != null) {
            worker.shutdownNow();
        }
        if (clientThreads != null) {
            clientThreads.shutdownNow();
        }
        if (warLoader != null) {
            warLoader.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Reply get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String set = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(null);
        return new Reply(r.statusCode(), r.body(), set);
    }

    @Test
    void helloCountsPerSessionAndNamesTheNodeFromTheInitParameter() throws Exception {
        Reply first = get("/hello", null);
        assertEquals(200, first.status(), first.body());
        assertEquals("nodeU", first.text("node"));
        assertEquals(1, first.number("counter"));
        assertNotNull(first.setCookie());
        Reply second = get("/", first.setCookie());
        assertEquals(first.text("session"), second.text("session"));
        assertEquals(2, second.number("counter"));
    }

    @Test
    void refusalsAndWork() throws Exception {
        Reply bad = get("/heap?mb=513", null);
        assertEquals(400, bad.status());
        assertEquals("{\"error\":\"heap: mb=513 is out of range; allowed 1..512\"}\n", bad.body());
        assertEquals(200, get("/heap?mb=1&seconds=1", null).status());
        Reply busy = get("/busy?threads=2&seconds=1", null);
        assertEquals(200, busy.status(), busy.body());
        assertEquals(2, busy.number("holding"), busy.body());
        Reply traffic = get("/traffic?kb=2", null);
        assertEquals(2048, traffic.body().length());
    }

    @Test
    void sessionsThroughTheLoopback() throws Exception {
        Reply made = get("/sessions?count=4&ttl=30", null);
        assertEquals(200, made.status(), made.body());
        assertEquals(4, made.number("created"));
        Reply ended = get("/sessions?count=10&action=invalidate", null);
        assertEquals(4, ended.number("invalidated"), ended.body());
        assertEquals(0, ended.number("made"));
    }

    @Test
    void loadAnswersJsonWithoutAnAgent() throws Exception {
        Reply load = get("/load", null);
        assertEquals(200, load.status(), load.body());
        assertTrue(load.body().startsWith("{\"agent\":\""), load.body());
    }
}
