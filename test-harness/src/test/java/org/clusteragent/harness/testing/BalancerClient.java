package org.clusteragent.harness.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.clusteragent.harness.RealProxy;

/**
 * A test's client of one {@link RealProxy} (Undertow's balancer or httpd) whose nodes serve
 * {@link NodeServlet} at {@link NodeServlet#APP}: sends requests through the balancer's proxy port (HTTP/1.1, 10 s
 * per request) and checks routing with JUnit assertions. Follows the balancer across
 * stop/start, as its ports stay the same. Thread-safe.
 */
public final class BalancerClient {

    private final RealProxy balancer;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public BalancerClient(RealProxy balancer) {
        this.balancer = balancer;
    }

    /** GETs {@code path} (query included) through the balancer, without a cookie. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    /** GETs {@code path} through the balancer, sending {@code cookie} ({@code name=value}) unless null. */
    public HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(balancer.proxyUri(path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asserts that {@code route} becomes routable for {@link NodeServlet#APP} at the balancer within {@code bound}. */
    public void assertRoutable(String route, Duration bound) throws InterruptedException {
        assertTrue(balancer.awaitNode(route, n -> n.routes(NodeServlet.APP), bound).isPresent(),
                () -> route + " routable for " + NodeServlet.APP + " at the balancer: " + balancer.nodes());
    }

    /**
     * Sends cookie-less GETs of {@code path}, up to 20 per expected node, until {@code nodes}
     * different nodes answered; asserts every answer is a 200 naming a node.
     *
     * @return the nodes that answered, sorted
     */
    public Set<String> nodesReached(String path, int nodes) throws IOException, InterruptedException {
        Set<String> reached = new TreeSet<>();
        for (int i = 0; i < 20 * nodes && reached.size() < nodes; i++) {
            HttpResponse<String> response = get(path);
            assertEquals(200, response.statusCode(), response.body());
            String node = NodeServlet.nodeOf(response.body());
            assertNotNull(node, () -> "the answer names a node: " + response.body());
            reached.add(node);
        }
        return reached;
    }

    /**
     * Opens sessions through the balancer, up to 10 per expected node, until sessions were made on
     * {@code nodes} different nodes. For each it asserts that the session id ends with
     * {@code .<route>} of the node that made it, that {@code requestsPerSession} further requests
     * with the cookie (and the logout that ends the session) all reach that node, and that they
     * answer 200.
     *
     * @return the nodes on which a session was made and stuck, sorted
     */
    public Set<String> sessionsStick(int nodes, int requestsPerSession) throws IOException, InterruptedException {
        Set<String> stuck = new TreeSet<>();
        for (int i = 0; i < 10 * nodes && stuck.size() < nodes; i++) {
            HttpResponse<String> first = get(NodeServlet.APP + "/login?session");
            assertEquals(200, first.statusCode(), first.body());
            String node = NodeServlet.nodeOf(first.body());
            assertNotNull(node, () -> "the answer names a node: " + first.body());
            String setCookie = first.headers().firstValue("Set-Cookie")
                    .orElseThrow(() -> new AssertionError("no session cookie: " + first.headers().map()));
            String session = setCookie.split(";", 2)[0];
            assertTrue(session.startsWith("JSESSIONID=") && session.endsWith("." + node),
                    "the session id ends with the route of the node that made it: " + setCookie + " from " + node);
            for (int j = 0; j < requestsPerSession; j++) {
                HttpResponse<String> next = get(NodeServlet.APP + "/page" + j, session);
                assertEquals(200, next.statusCode(), next.body());
                assertEquals(node, NodeServlet.nodeOf(next.body()), "request " + j + " with " + session);
            }
            // ends the session, so a drain at teardown waits for no session
            HttpResponse<String> logout = get(NodeServlet.APP + "/bye?logout", session);
            assertEquals(200, logout.statusCode(), logout.body());
            assertEquals(node, NodeServlet.nodeOf(logout.body()), "the logout goes to the session's node too");
            stuck.add(node);
        }
        return stuck;
    }
}
