package org.clusteragent.harness.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.catalina.util.ServerInfo;
import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two embedded Tomcat nodes (routes {@code a} and {@code b}) serving {@code /app}, each with the
 * real {@code ClusterListener}, registered at Undertow's real mod_cluster balancer. Clients talk
 * only to the balancer. Runs on whichever Tomcat is on the class path: the build runs it once with
 * Tomcat 10.1 and once with 11 (system property {@code clusteragent.expectedTomcat} says which).
 */
@Timeout(90)
class TomcatBalancerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int CLIENT_THREADS = 4;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private UndertowBalancer balancer;
    private EmbeddedNode a;
    private EmbeddedNode b;

    @BeforeAll
    static void rightTomcat() {
        String expected = System.getProperty("clusteragent.expectedTomcat");
        if (expected != null) {
            assertEquals(expected, ServerInfo.getServerNumber().replaceFirst("\\.0$", ""),
                    "the Tomcat on the class path");
        }
        System.out.println("Tomcat " + ServerInfo.getServerNumber());
    }

    @BeforeEach
    void startClusterOfTwo() throws Exception {
        balancer = UndertowBalancer.builder().start();
        a = new EmbeddedNode("a", EmbeddedNode.listenerFor("a", balancer.mcmpPort())).start();
        b = new EmbeddedNode("b", EmbeddedNode.listenerFor("b", balancer.mcmpPort())).start();
        awaitRoutable("a");
        awaitRoutable("b");
    }

    @AfterEach
    void stopAll() throws Exception {
        try {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            if (balancer != null) {
                balancer.close();
            }
        }
    }

    private void awaitRoutable(String node) throws InterruptedException {
        assertTrue(balancer.awaitNode(node, n -> n.routes(EmbeddedNode.APP), WAIT).isPresent(),
                () -> "node " + node + " routable for /app at the balancer: " + balancer.nodes());
    }

    private HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(balancer.proxyUri(path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestsReachTheWebappThroughTheBalancerAndSessionsStick() throws Exception {
        Set<String> reached = new HashSet<>();
        for (int i = 0; i < 40 && reached.size() < 2; i++) {
            HttpResponse<String> response = get("/app/hello", null);
            assertEquals(200, response.statusCode(), response.body());
            reached.add(response.body());
        }
        assertEquals(Set.of("node=a", "node=b"), reached, "the balancer spreads new requests over both nodes");

        // Sessions: the cookie carries ".<jvmRoute>" and the balancer keeps the session on that node.
        Set<String> stuck = new HashSet<>();
        for (int i = 0; i < 20 && stuck.size() < 2; i++) {
            HttpResponse<String> first = get("/app/login?session", null);
            assertEquals(200, first.statusCode(), first.body());
            String node = first.body().substring("node=".length());
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow(
                    () -> new AssertionError("no session cookie from " + first.headers().map()));
            String session = cookie.substring(0, cookie.indexOf(';'));
            assertTrue(session.startsWith("JSESSIONID=") && session.endsWith("." + node),
                    "session id names the node that made it: " + cookie + " from " + node);
            for (int j = 0; j < 20; j++) {
                HttpResponse<String> next = get("/app/page" + j, session);
                assertEquals("node=" + node, next.body(), "request " + j + " of session " + session);
            }
            stuck.add(node);
        }
        assertEquals(Set.of("a", "b"), stuck, "sticky sessions on both nodes");
    }

    @Test
    void undeployingTheWebappOfOneNodeUnderLoadFailsNoRequest() throws Exception {
        try (RequestLoop loop = new RequestLoop(balancer.proxyUri("/app/loop")).start(CLIENT_THREADS)) {
            assertTrue(loop.awaitServed("before", "a", 100, WAIT) && loop.awaitServed("before", "b", 100, WAIT),
                    loop::toString);
            loop.phase("undeploying");
            long t0 = System.nanoTime();
            a.undeployApp();
            long undeployMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            loop.phase("after");
            assertTrue(loop.awaitServed("after", "b", 300, WAIT), loop::toString);
            loop.stop();
            System.out.printf("undeploy of a:/app under load took %d ms; %s%n", undeployMillis, loop);
            assertEquals(List.of(), loop.failures(), "failed requests; " + loop);
            assertEquals(0, loop.served("after", "a"), "nothing reaches the undeployed app; " + loop);
        }
        assertTrue(balancer.node("a").map(n -> n.context(EmbeddedNode.APP).isEmpty()).orElse(false),
                () -> "a:/app removed from the balancer: " + balancer.nodes());
        assertEquals(200, get("/app/again", null).statusCode());
    }

    @Test
    void stoppingOneTomcatUnderLoadFailsNoRequest() throws Exception {
        try (RequestLoop loop = new RequestLoop(balancer.proxyUri("/app/loop")).start(CLIENT_THREADS)) {
            assertTrue(loop.awaitServed("before", "a", 100, WAIT) && loop.awaitServed("before", "b", 100, WAIT),
                    loop::toString);
            loop.phase("stopping");
            long t0 = System.nanoTime();
            a.stop();
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            loop.phase("after");
            assertTrue(loop.awaitServed("after", "b", 300, WAIT), loop::toString);
            loop.stop();
            System.out.printf("stop of Tomcat a under load took %d ms; %s%n", stopMillis, loop);
            assertEquals(List.of(), loop.failures(), "failed requests; " + loop);
            assertEquals(0, loop.served("after", "a"), "nothing reaches the stopped node; " + loop);
        }
        assertEquals(Optional.empty(), balancer.node("a"), "a left the balancer");
    }

    @Test
    void nodesRegisterAgainAfterTheBalancerRestarts() throws Exception {
        int proxyPort = balancer.proxyPort();
        int mcmpPort = balancer.mcmpPort();
        balancer.stop();
        // Down for a moment, as a real restart would be: the agents see connection failures.
        Thread.sleep(500);
        balancer.start();
        long t0 = System.nanoTime();
        assertEquals(proxyPort, balancer.proxyPort());
        assertEquals(mcmpPort, balancer.mcmpPort());
        assertTrue(balancer.nodes().isEmpty(), "a restarted balancer knows no node");
        awaitRoutable("a");
        awaitRoutable("b");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("both nodes routable again %d ms after the balancer restarted%n", millis);
        Set<String> reached = new HashSet<>();
        for (int i = 0; i < 40 && reached.size() < 2; i++) {
            HttpResponse<String> response = get("/app/back", null);
            assertEquals(200, response.statusCode(), response.body());
            reached.add(response.body());
        }
        assertEquals(Set.of("node=a", "node=b"), reached);
    }
}
