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
import java.util.Optional;
import java.util.Set;

import org.clusteragent.harness.testing.UndertowNode;
import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.harness.testing.BalancerClient;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.ClientTraffic;
import org.clusteragent.harness.testing.NodeServlet;
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
    private static final long MAX_REQUESTS = 500_000;
    /** Each request holds 20 ms, so the node being drained has a few in flight whenever the drain starts. */
    private static final String LOOP = "/app/loop?hold=20";

    private UndertowBalancer balancer;
    private BalancerClient clients;
    private UndertowNode u1;
    private UndertowNode u2;

    @BeforeEach
    void startBalancerAndTwoNodes() throws Exception {
        balancer = UndertowBalancer.builder().start();
        clients = new BalancerClient(balancer);
        u1 = new UndertowNode("u1", UndertowNode.attributesFor(balancer.mcmpPort())).start();
        u2 = new UndertowNode("u2", UndertowNode.attributesFor(balancer.mcmpPort())).start();
        clients.assertRoutable("u1", WAIT);
        clients.assertRoutable("u2", WAIT);
    }

    @AfterEach
    void stopAll() throws Exception {
        Cleanup.closeAll(u1, u2, balancer);
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

    @Test
    void requestsRouteToBothNodesAndSessionsStick() throws Exception {
        assertEquals(Set.of("u1", "u2"), clients.nodesReached("/app/hello", 2), "new requests go to both nodes");
        assertEquals(Set.of("u1", "u2"), clients.sessionsStick(2, 25), "sessions made on either node stick to it");
    }

    /**
     * With users sending through the balancer, both nodes serving and at least two requests in u1's
     * servlet, runs {@code action} (which takes u1 out) and asserts that no request fails and none
     * reaches u1 afterwards.
     */
    private void takeU1OutUnderLoad(String phase, ClientTraffic.Action action, String what) throws Exception {
        try (ClientTraffic traffic = new ClientTraffic(balancer.proxyUri(LOOP), MAX_REQUESTS).start(USERS)) {
            traffic.assertServed(ClientTraffic.BEFORE, 100, WAIT, "u1", "u2");
            int inFlightAtStart = awaitInFlight(u1, 2);
            Duration took = traffic.during(phase, action);
            traffic.assertLeftWithoutFailures("u1", "u2", 300, WAIT, what + " under load, " + inFlightAtStart
                    + " requests in u1's servlet at the start: " + took.toMillis() + " ms");
        }
    }

    @Test
    void undeployingTheWebappOfOneNodeUnderLoadFailsNoRequest() throws Exception {
        takeU1OutUnderLoad("undeploying", u1::undeployApp, "undeploy of u1:/app");
        assertTrue(balancer.node("u1").map(n -> n.context(NodeServlet.APP).isEmpty()).orElse(false),
                () -> "u1 stays registered without /app: " + balancer.nodes());
        assertEquals("u2", NodeServlet.nodeOf(clients.get("/app/again").body()));
    }

    @Test
    void stoppingOneNodeUnderLoadFailsNoRequest() throws Exception {
        int u1Port = u1.port();
        takeU1OutUnderLoad("stopping", u1::stop, "stop of node u1");
        assertEquals(Optional.empty(), balancer.node("u1"), "u1 left the balancer");
        HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(IOException.class, () -> direct.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + u1Port + "/app/direct")).build(), HttpResponse.BodyHandlers.ofString()),
                "agent.stop() stopped u1's Undertow too");
        assertEquals("u2", NodeServlet.nodeOf(clients.get("/app/again").body()));
    }
}
