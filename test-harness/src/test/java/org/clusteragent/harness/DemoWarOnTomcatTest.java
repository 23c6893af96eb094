package org.clusteragent.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.clusteragent.harness.cluster.TempFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deploys the built {@code demo-war/target/demo.war} unchanged on an embedded Tomcat (Engine
 * jvmRoute {@code nodeA}, HTTP on 127.0.0.1, ephemeral port) and exercises every endpoint over
 * real HTTP: the node/session/counter answer and its stickiness cookie, the 400 messages, heap,
 * cpu, busy (checked against Tomcat's own busy-thread count), traffic both ways, sessions made and
 * ended through the loopback, and the agent view with and without an agent-like MXBean.
 * The war is found at {@code ../demo-war/target/demo.war} or system property {@code clusteragent.demoWar}.
 */
@Timeout(120)
class DemoWarOnTomcatTest {

    private static final Pattern STRING_FIELD = Pattern.compile("\"(\\w+)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static Path baseDir;
    private static Tomcat tomcat;
    private static Connector connector;
    private static Context demo;
    private static ExecutorService clientThreads;
    private static HttpClient client;
    private static String base;

    /** One reply: status, body, content type, and the session cookie it set (null if none). */
    private record Reply(int status, String body, String contentType, String setCookie) {
        long number(String field) {
            Matcher m = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(body);
            assertTrue(m.find(), "no number field " + field + " in " + body);
            return Long.parseLong(m.group(1));
        }

        String text(String field) {
            Matcher m = STRING_FIELD.matcher(body);
            while (m.find()) {
                if (m.group(1).equals(field)) {
                    return m.group(2);
                }
            }
            return fail("no string field " + field + " in " + body);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Path war = Path.of(System.getProperty("clusteragent.demoWar", "../demo-war/target/demo.war")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(war)) {
            fail("demo.war not found at " + war + ": build it first (mvn -o -pl demo-war package, or mvn verify from the root), "
                    + "or point -Dclusteragent.demoWar at it");
        }
        baseDir = Files.createTempDirectory("clusteragent-demowar-");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        TempFiles.ownCatalinaHome(baseDir);
        tomcat.setHostname("localhost");
        // No default web.xml: its JSP servlet failed to load (Jasper is absent; the demo has no JSPs), a SEVERE line.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Files.createDirectories(baseDir.resolve("webapps"));
        tomcat.getHost().setAppBase(baseDir.resolve("webapps").toString());
        tomcat.getHost().setAutoDeploy(false);
        tomcat.getEngine().setJvmRoute("nodeA");
        connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        demo = tomcat.addWebapp("/demo", war.toString());
        tomcat.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/demo";
        AtomicInteger ids = new AtomicInteger();
        clientThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "clusteragent-test-demowar-http-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(clientThreads).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (clientThreads != null) {
            clientThreads.shutdownNow();
        }
        if (baseDir != null) {
            org.clusteragent.harness.testing.Cleanup.deleteTomcatBase(baseDir);
        }
    }

    private static Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElse(null);
        return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""), cookie);
    }

    private static Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private static Reply get(String path, String cookie) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).GET());
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - end < 0, what + " not reached in 30 s");
            Thread.sleep(20);
        }
    }

    private static void assertRefused(String path, String message) throws Exception {
        Reply r = get(path);
        assertEquals(400, r.status(), path + " -> " + r.body());
        assertEquals("{\"error\":\"" + message + "\"}\n", r.body(), path);
    }

    @Test
    void helloNamesTheNodeAndCountsPerSession() throws Exception {
        Reply first = get("/hello");
        assertEquals(200, first.status(), first.body());
        assertEquals("nodeA", first.text("node"));
        assertEquals("nodeA", first.text("jvmRoute"));
        String session = first.text("session");
        assertTrue(session.endsWith(".nodeA"), session);
        assertEquals(1, first.number("counter"));
        assertTrue(first.body().contains("\"newSession\":true"), first.body());
        assertNotNull(first.setCookie(), "a session cookie is set");
        assertEquals("JSESSIONID=" + session, first.setCookie());

        Reply second = get("/hello", first.setCookie());
        assertEquals(session, second.text("session"));
        assertEquals(2, second.number("counter"));
        assertTrue(second.body().contains("\"newSession\":false"), second.body());
        Reply third = get("/", first.setCookie());
        assertEquals(3, third.number("counter"), "the context root answers the same");

        Reply other = get("/hello");
        assertNotEquals(session, other.text("session"));
        assertEquals(1, other.number("counter"), "a client without the cookie starts again");
    }

    @Test
    void absurdValuesAreRefusedWith400NamingParameterValueAndRange() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        assertRefused("/heap?mb=100000", "heap: mb=100000 is out of range; allowed 1..512");
        assertRefused("/heap", "heap: parameter mb is required; allowed 1..512");
        assertRefused("/heap?mb=1&seconds=301", "heap: seconds=301 is out of range; allowed 1..300");
        assertRefused("/cpu?threads=" + (2 * cores + 1),
                "cpu: threads=" + (2 * cores + 1) + " is out of range; allowed 1.." + 2 * cores + " (2 x " + cores + " cores)");
        assertRefused("/cpu?threads=two", "cpu: threads=two is not a whole number; allowed 1.." + 2 * cores + " (2 x " + cores + " cores)");
        assertRefused("/busy?threads=201", "busy: threads=201 is out of range; allowed 1..200");
        assertRefused("/busy?threads=1&seconds=0", "busy: seconds=0 is out of range; allowed 1..300");
        assertRefused("/traffic?kb=102401", "traffic: kb=102401 is out of range; allowed 0..102400");
        assertRefused("/sessions?count=10001", "sessions: count=10001 is out of range; allowed 0..10000");
        assertRefused("/sessions?count=1&action=explode", "sessions: action=explode is not known; allowed create, invalidate");
        Reply r = get("/heap?mb=-5");
        assertEquals(400, r.status());
        assertEquals("application/json;charset=UTF-8", r.contentType().replace(" ", ""));
    }

    @Test
    void heapAndCpuStartWorkAndAnswerAtOnce() throws Exception {
        Reply heap = get("/heap?mb=4&seconds=1");
        assertEquals(200, heap.status(), heap.body());
        assertEquals(4, heap.number("mb"));
        assertTrue(heap.number("heldMb") >= 4, heap.body());
        assertTrue(heap.number("capMb") >= 4, heap.body());

        Reply cpu = get("/cpu?threads=1&seconds=1");
        assertEquals(200, cpu.status(), cpu.body());
        assertEquals(1, cpu.number("threads"));
        assertTrue(cpu.number("running") >= 1, cpu.body());
        awaitTrue("the cpu thread ends after its second", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("clusteragent-demo-cpu-") && t.isAlive()));
    }

    @Test
    void busyReallyHoldsConnectorThreads() throws Exception {
        var pool = (org.apache.tomcat.util.threads.ThreadPoolExecutor) connector.getProtocolHandler().getExecutor();
        Reply busy = get("/busy?threads=3&seconds=3");
        assertEquals(200, busy.status(), busy.body());
        assertEquals(3, busy.number("holding"), busy.body());
        assertEquals("http://127.0.0.1:" + connector.getLocalPort() + "/demo", busy.text("target"));
        assertTrue(pool.getActiveCount() >= 3, "Tomcat sees " + pool.getActiveCount() + " busy threads");
        awaitTrue("the holders end", () -> pool.getActiveCount() == 0);

        Reply one = get("/busy/hold?seconds=1");
        assertEquals(200, one.status(), one.body());
        assertEquals(1, one.number("heldSeconds"));
        assertEquals("nodeA", one.text("node"));
    }

    @Test
    void trafficBothWays() throws Exception {
        HttpResponse<byte[]> sent = client.send(HttpRequest.newBuilder(URI.create(base + "/traffic?kb=3")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, sent.statusCode());
        assertEquals(3 * 1024, sent.body().length);
        assertEquals("3072", sent.headers().firstValue("Content-Length").orElse(null));

        byte[] payload = new byte[5000];
        Reply received = send(HttpRequest.newBuilder(URI.create(base + "/traffic"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)));
        assertEquals(200, received.status(), received.body());
        assertEquals(5000, received.number("receivedBytes"));
    }

    @Test
    void sessionsAreMadeOnThisNodeAndEndedWithoutTouchingOthers() throws Exception {
        Reply mine = get("/hello");
        String cookie = mine.setCookie();

        Reply made = get("/sessions?count=7&ttl=60");
        assertEquals(200, made.status(), made.body());
        assertEquals(7, made.number("created"));
        assertEquals(0, made.number("failed"));
        assertTrue(made.number("made") >= 7, made.body());
        assertTrue(made.number("live") >= 8, made.body());
        assertTrue(made.setCookie() == null, "the outer request opens no session itself");
        int tomcatSessions = demo.getManager().getActiveSessions();
        assertTrue(tomcatSessions >= 8, "Tomcat counts " + tomcatSessions + " sessions");

        Reply ended = get("/sessions?count=7&action=invalidate");
        assertEquals(200, ended.status(), ended.body());
        assertEquals(7, ended.number("invalidated"));
        assertEquals(tomcatSessions - 7, demo.getManager().getActiveSessions());

        Reply again = get("/hello", cookie);
        assertEquals(mine.text("session"), again.text("session"), "a client's session survives invalidate");
        assertEquals(2, again.number("counter"));
    }

    /** The read side of the agent's MXBean, as the war reads it over JMX. */
    public interface FakeAgentMXBean {
        String[] getNodes();

        String[] getLoadFactors();

        String getLoadExplanation();

        String[] getProxies();
    }

    @Test
    void loadShowsTheAgentMBeanOrSaysAbsent() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName pattern = new ObjectName("org.clusteragent:type=ClusterAgent,*");
        if (server.queryNames(pattern, null).isEmpty()) {
            Reply absent = get("/load");
            assertEquals(200, absent.status(), absent.body());
            assertEquals("absent", absent.text("agent"));
        }
        ObjectName name = new ObjectName("org.clusteragent:type=ClusterAgent,node=" + ObjectName.quote("nodeA"));
        FakeAgentMXBean bean = new FakeAgentMXBean() {
            @Override
            public String[] getNodes() {
                return new String[] {"nodeA connector=http:1 /demo=ENABLED"};
            }

            @Override
            public String[] getLoadFactors() {
                return new String[] {"nodeA=42"};
            }

            @Override
            public String getLoadExplanation() {
                return "nodeA: factor 42\n  cpu \"busy\"\n";
            }

            @Override
            public String[] getProxies() {
                return new String[] {"127.0.0.1:6666 state=OK"};
            }
        };
        server.registerMBean(new StandardMBean(bean, FakeAgentMXBean.class, true), name);
        try {
            Reply mine = get("/hello");
            Reply present = get("/load", mine.setCookie());
            assertEquals(200, present.status(), present.body());
            assertEquals("present", present.text("agent"));
            assertEquals("nodeA", present.text("jvmRoute"));
            assertEquals(name.getCanonicalName(), present.text("objectName").replace("\\\"", "\""));
            assertTrue(present.body().contains("\"loadFactors\":[{\"node\":\"nodeA\",\"factor\":42}]"), present.body());
            assertEquals("nodeA: factor 42\\n  cpu \\\"busy\\\"\\n", present.text("explanation"));
            assertTrue(present.body().contains("\"proxies\":[\"127.0.0.1:6666 state=OK\"]"), present.body());
        } finally {
            server.unregisterMBean(name);
        }
    }
}
