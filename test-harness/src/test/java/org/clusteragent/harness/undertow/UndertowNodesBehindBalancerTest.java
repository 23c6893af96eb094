package org.clusteragent.harness.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two embedded Undertow nodes ({@code u1}, {@code u2}), each made a node by clusteragent's builder
 * mode and serving the servlet webapp {@code /app}, behind Undertow's real mod_cluster balancer: three
 * Undertow servers in one JVM on different ephemeral ports. Clients talk only to the balancer's proxy
 * port. Checks that requests route to both nodes, that a session stays on the node whose route ends
 * its id, and that undeploying the webapp of one node, or stopping that node, while users keep
 * sending requests (each held 20 ms in the servlet; the action starts while the node has at least
 * two of them in flight) fails none of them, and the node gets none once the action returned.
 */
@Timeout(60)
class UndertowNodesBehindBalancerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int USERS = 6;
    /** Each request holds 20 ms, so the node being drained has a few in flight whenever the drain starts. */
    private static final String LOOP = "/app/loop?hold=20";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private UndertowBalancer balancer;
    private UndertowNode u1;
    private UndertowNode u2;

    @BeforeEach
    void startBalancerAndTwoNodes() throws Exception {
        balancer = UndertowBalancer.builder().start();
        u1 = new UndertowNode("u1", UndertowNode.attributesFor(balancer.mcmpPort())).start();
        u2 = new UndertowNode("u2", UndertowNode.attributesFor(balancer.mcmpPort())).start();
        awaitRoutable("u1");
        awaitRoutable("u2");
    }

    @AfterEach
    void stopAll() {
        try {
            for (UndertowNode n : new UndertowNode[] {u1, u2}) {
                if (n != null) {
                    n.close();
                }
            }
        } finally {
            if (balancer != null) {
                balancer.stop();
            }
        }
    }

    private void awaitRoutable(String route) throws InterruptedException {
        assertTrue(balancer.awaitNode(route, n -> n.routes(UndertowNode.APP), WAIT).isPresent(),
                () -> route + " routable for /app at the balancer: " + balancer.nodes());
    }

    /** Waits (bounded) until at least {@code n} requests are inside the node's servlet, so a drain has work. */
    private static int awaitInFlight(UndertowNode node, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int now;
        while ((now = node.inFlight()) < n) {
            assertTrue(System.nanoTime() - deadline < 0, node.name() + " never had " + n + " requests in flight");
            Thread.sleep(1);
        }
        return now;
    }

    private HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(balancer.proxyUri(path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestsRouteToBothNodesAndSessionsStick() throws Exception {
        Set<String> reached = new TreeSet<>();
        for (int i = 0; i < 40 && reached.size() < 2; i++) {
            HttpResponse<String> response = get("/app/hello", null);
            assertEquals(200, response.statusCode(), response.body());
            reached.add(NodeServlet.nodeOf(response.body()));
        }
        assertEquals(Set.of("u1", "u2"), reached, "new requests go to both nodes");

        Set<String> stuck = new TreeSet<>();
        for (int i = 0; i < 20 && stuck.size() < 2; i++) {
            HttpResponse<String> first = get("/app/login?session", null);
            assertEquals(200, first.statusCode(), first.body());
            String node = NodeServlet.nodeOf(first.body());
            String setCookie = first.headers().firstValue("Set-Cookie")
                    .orElseThrow(() -> new AssertionError("no session cookie: " + first.headers().map()));
            String session = setCookie.split(";", 2)[0];
            assertTrue(session.startsWith("JSESSIONID=") && session.endsWith("." + node),
                    "the session id ends with the route of the node that made it: " + setCookie + " from " + node);
            for (int j = 0; j < 25; j++) {
                HttpResponse<String> next = get("/app/page" + j, session);
                assertEquals(200, next.statusCode(), next.body());
                assertEquals(node, NodeServlet.nodeOf(next.body()), "request " + j + " with " + session);
            }
            HttpResponse<String> logout = get("/app/bye?logout", session);
            assertEquals(node, NodeServlet.nodeOf(logout.body()), "the logout goes to the session's node too");
            stuck.add(node);
        }
        assertEquals(Set.of("u1", "u2"), stuck, "sessions made on either node stick to it");
    }

    @Test
    void undeployingTheWebappOfOneNodeUnderLoadFailsNoRequest() throws Exception {
        try (Traffic traffic = new Traffic(balancer.proxyUri(LOOP), 500_000).start(USERS)) {
            assertTrue(traffic.awaitServed("before", "u1", 100, WAIT)
                    && traffic.awaitServed("before", "u2", 100, WAIT), traffic::toString);
            int inFlightAtStart = awaitInFlight(u1, 2);
            traffic.phase("undeploying");
            long t0 = System.nanoTime();
            u1.undeployApp();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            traffic.phase("after");
            assertTrue(traffic.awaitServed("after", "u2", 300, WAIT), traffic::toString);
            traffic.stop();
            System.out.printf("undeploy of u1:/app under load, %d requests in u1's servlet at the start: %d ms; %s%n",
                    inFlightAtStart, millis, traffic);
            assertEquals(List.of(), traffic.failures(), "no request fails: " + traffic);
            assertEquals(0, traffic.served("after", "u1"), "nothing reaches the undeployed webapp: " + traffic);
        }
        assertTrue(balancer.node("u1").map(n -> n.context(UndertowNode.APP).isEmpty()).orElse(false),
                () -> "u1 stays registered without /app: " + balancer.nodes());
        assertEquals("u2", NodeServlet.nodeOf(get("/app/again", null).body()));
    }

    @Test
    void stoppingOneNodeUnderLoadFailsNoRequest() throws Exception {
        int u1Port = u1.port();
        try (Traffic traffic = new Traffic(balancer.proxyUri(LOOP), 500_000).start(USERS)) {
            assertTrue(traffic.awaitServed("before", "u1", 100, WAIT)
                    && traffic.awaitServed("before", "u2", 100, WAIT), traffic::toString);
            int inFlightAtStart = awaitInFlight(u1, 2);
            traffic.phase("stopping");
            long t0 = System.nanoTime();
            u1.stop();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            traffic.phase("after");
            assertTrue(traffic.awaitServed("after", "u2", 300, WAIT), traffic::toString);
            traffic.stop();
            System.out.printf("stop of node u1 under load, %d requests in u1's servlet at the start: %d ms; %s%n",
                    inFlightAtStart, millis, traffic);
            assertEquals(List.of(), traffic.failures(), "no request fails: " + traffic);
            assertEquals(0, traffic.served("after", "u1"), "nothing reaches the stopped node: " + traffic);
        }
        assertEquals(Optional.empty(), balancer.node("u1"), "u1 left the balancer");
        assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + u1Port + "/app/direct")).build(), HttpResponse.BodyHandlers.ofString()),
                "agent.stop() stopped u1's Undertow too");
        assertEquals("u2", NodeServlet.nodeOf(get("/app/again", null).body()));
    }
}
