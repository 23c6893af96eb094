package org.clusteragent.harness.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Deployments as users do them on Tomcat's own distribution: started with {@code catalina.sh},
 * wars copied into and deleted from {@code webapps/} (autoDeploy), the {@code <Host>} with
 * {@code undeployOldVersions="true"}, behind Undertow's real balancer. Parallel versions
 * ({@code name##1.war}, {@code name##2.war}: one path) under a request loop through the balancer,
 * with a watcher that checks every few milliseconds that the balancer routes the path: the path
 * never leaves the balancer, no request fails, a session stays on its version. Each war carries a
 * {@code version.txt} naming its version, so which version answers a user is read through the
 * balancer. Each case has a path of its own, so the cases share one Tomcat start (the Host's
 * background checks every second, so that Tomcat notices a war within a second). Runs with Tomcat
 * 10.1 and 11 (the build's two runs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class DistributionDeploymentTest {

    private static final String ROUTE = "distdeploy";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SESSION = Pattern.compile("\"session\":\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private UndertowBalancer balancer;
    private TomcatDistribution tomcat;
    private VersionTraffic traffic;

    @BeforeAll
    void startTomcat() throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "catalina.sh needs a POSIX shell");
        balancer = UndertowBalancer.builder().start();
        Map<String, String> listener = EmbeddedTomcatNode.attributesFor(balancer.mcmpPort());
        listener.put("jvmRoute", ROUTE);
        listener.put("stopContextTimeout", "30");
        tomcat = TomcatDistribution.prepare("clusteragent-distdeploy-", listener,
                Map.of("undeployOldVersions", "true", "backgroundProcessorDelay", "1"));
        tomcat.start();
    }

    @AfterAll
    void stopTomcat() throws Exception {
        try {
            if (tomcat != null) {
                tomcat.stop();
                String log = tomcat.log();
                assertTrue(log.contains("CLAG6006"), "agent stopped cleanly (CLAG6006)");
                assertFalse(log.contains("CLAG6004"), "no agent failure (CLAG6004) in catalina.out");
            }
        } finally {
            Cleanup.closeAll(traffic, tomcat, balancer);
        }
    }

    @Test
    void newVersionBesideTheOldThenOldRemovedKeepsTheAppAtTheBalancer() throws Exception {
        deploy("demo", "1");
        VersionTraffic.Hello old = hello("/demo", null);
        assertEquals("1", version("/demo", old.cookie()), "the first session is on ##1");
        startTraffic("/demo");

        deploy("demo", "2");
        assertTrue(traffic.awaitMore(50, WAIT), traffic::toString);
        VersionTraffic.Hello fresh = hello("/demo", null);
        assertEquals("2", version("/demo", fresh.cookie()), "a new session goes to ##2");
        VersionTraffic.Hello again = hello("/demo", old.cookie());
        assertEquals(old.session(), again.session(), "the old session stays");
        assertEquals(2, again.counter(), "on ##1, which knows its counter");
        assertEquals("1", version("/demo", old.cookie()));

        tomcat.removeWar("demo##1.war");
        tomcat.awaitLog("Undeploying context [/demo##1]", WAIT);
        assertTrue(traffic.awaitMore(100, WAIT), traffic::toString);
        VersionTraffic.Hello after = hello("/demo", fresh.cookie());
        assertEquals(fresh.session(), after.session(), "##2's sessions are untouched");
        assertEquals(2, after.counter());
        endTraffic("/demo", "##1 -> ##2 -> demo##1.war removed");
    }

    @Test
    void rollbackRemovingTheNewerVersionKeepsTheAppAtTheBalancer() throws Exception {
        deploy("shop", "1");
        VersionTraffic.Hello old = hello("/shop", null);
        startTraffic("/shop");
        deploy("shop", "2");
        assertTrue(traffic.awaitMore(50, WAIT), traffic::toString);
        VersionTraffic.Hello onNew = hello("/shop", null);
        assertEquals("2", version("/shop", onNew.cookie()), "a new session goes to ##2");

        tomcat.removeWar("shop##2.war"); // the rollback: ##2 was bad
        tomcat.awaitLog("Undeploying context [/shop##2]", WAIT);
        assertTrue(traffic.awaitMore(100, WAIT), traffic::toString);
        VersionTraffic.Hello oldAgain = hello("/shop", old.cookie());
        assertEquals(old.session(), oldAgain.session(), "##1's session survived the rollback");
        assertEquals(2, oldAgain.counter());
        VersionTraffic.Hello lost = hello("/shop", onNew.cookie());
        assertEquals(200, lost.status(), lost.body());
        assertNotEquals(onNew.session(), lost.session(), "##2's sessions ended with ##2");
        assertEquals("1", version("/shop", lost.cookie()), "and its user is on ##1 now");
        endTraffic("/shop", "##1 -> ##2 -> shop##2.war removed");
    }

    @Test
    void undeployOldVersionsTakesTheOldVersionAwayWhenItsLastSessionEnds() throws Exception {
        deploy("blog", "1");
        // the one session ##1 will have: it ends 3 s after its user's last request
        String cookie = "JSESSIONID=" + session(get("/blog/sessions/one?ttl=3", null));
        assertEquals("1", version("/blog", cookie));
        deploy("blog", "2");
        startTraffic("/blog");
        assertEquals("1", version("/blog", cookie), "##1 stays while its session lives");
        assertEquals("2", version("/blog", null), "new users get ##2");

        // The user is gone: Tomcat expires the session, then undeploys ##1 (undeployOldVersions).
        tomcat.awaitLog("Undeploying context [/blog##1]", Duration.ofSeconds(60));
        assertTrue(traffic.awaitMore(100, WAIT), traffic::toString);
        assertEquals("2", version("/blog", cookie), "##2 answers everyone now");
        endTraffic("/blog", "##1 -> ##2 -> ##1 undeployed by undeployOldVersions");
    }

    @Test
    void undeployWaitsForAnAsyncRequestWhichCompletesWith200() throws Exception {
        // Tomcat's own wait for requests at stop (unloadDelay, 2 s by default) is off, so that only
        // the agent's drain can hold the undeploy.
        tomcat.deployDemoWar("slow.war", Map.of("META-INF/context.xml", "<Context unloadDelay=\"0\"/>\n"));
        awaitRoutable("/slow");
        // Held 4 s, not 2: Tomcat notices the removed war only at its next background check (1 s),
        // and the request must still run when the undeploy begins. Sent to Tomcat directly: only
        // the adapter's counter, not the balancer's Requests= count, can hold the drain then.
        long sent = System.nanoTime();
        CompletableFuture<HttpResponse<String>> reply = client.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + tomcat.httpPort() + "/slow/async?seconds=4")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        tomcat.removeWar("slow.war");
        tomcat.awaitLog("Undeploying context [/slow]", WAIT);
        long undeployBy = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertFalse(reply.isDone(), "the async request still runs when the undeploy begins (" + undeployBy + " ms)");

        HttpResponse<String> response = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"async\":true"), response.body());
        Pattern drained = Pattern.compile("CLAG2005: drained " + ROUTE + ":localhost/slow in (\\d+) ms \\(\\d+ sessions, (\\d+) requests left\\)");
        tomcat.awaitLog("localhost/slow in", WAIT);
        Matcher m = drained.matcher(tomcat.log());
        assertTrue(m.find(), () -> "the drain of /slow finished in time (CLAG2005): " + tomcat.tail());
        assertEquals("0", m.group(2), "no request left");
        long drainMillis = Long.parseLong(m.group(1));
        System.out.printf("async request: undeploy began by %d ms, drain took %d ms%n", undeployBy, drainMillis);
        assertTrue(drainMillis >= 4000 - undeployBy - 100,
                "the drain waited for the request's remaining " + (4000 - undeployBy) + " ms: " + drainMillis);
    }

    /** Drops {@code name##version.war} in and waits until Tomcat deployed it and the balancer routes its path. */
    private void deploy(String name, String version) throws Exception {
        String war = name + "##" + version + ".war";
        tomcat.deployDemoWar(war, Map.of("version.txt", version));
        tomcat.awaitLog(war + "] has finished", WAIT);
        awaitRoutable("/" + name);
    }

    private void awaitRoutable(String path) throws InterruptedException {
        assertTrue(balancer.awaitNode(ROUTE, n -> n.routes(path), WAIT).isPresent(),
                () -> path + " routable at the balancer: " + balancer.nodes());
    }

    private boolean routable(String path) {
        return balancer.node(ROUTE).map(n -> n.routes(path)).orElse(false);
    }

    private void startTraffic(String path) {
        traffic = new VersionTraffic(balancer.proxyUri(path + "/hello"), 200_000)
                .start(3, path + " routable at the balancer", () -> routable(path));
        assertTrue(traffic.awaitMore(50, WAIT), traffic::toString);
    }

    private void endTraffic(String path, String what) throws Exception {
        traffic.close();
        System.out.println("Tomcat " + System.getProperty("clusteragent.expectedTomcat", "?") + " " + path + " " + what + ": " + traffic);
        assertEquals(List.of(), traffic.failures(), traffic::toString);
        traffic = null;
        assertTrue(routable(path), path + " still routable at the end");
    }

    private VersionTraffic.Hello hello(String path, String cookie) throws Exception {
        return new VersionTraffic(balancer.proxyUri(path + "/hello"), 0).hello(cookie);
    }

    /** The version that answers {@code path}/version.txt through the balancer for this cookie (null: none). */
    private String version(String path, String cookie) throws Exception {
        HttpResponse<String> response = get(path + "/version.txt", cookie);
        assertEquals(200, response.statusCode(), () -> path + "/version.txt: " + response.body());
        return response.body().trim();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(balancer.proxyUri(path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String session(HttpResponse<String> response) {
        Matcher m = SESSION.matcher(response.body());
        assertTrue(response.statusCode() == 200 && m.find(), response::body);
        return m.group(1);
    }
}
