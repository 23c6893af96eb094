package org.clusteragent.harness.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.apache.catalina.util.ServerInfo;
import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.harness.testing.BalancerClient;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.ClientTraffic;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.clusteragent.harness.testing.NodeServlet;
import org.clusteragent.spi.testing.CapturedLog;
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
    private static final long MAX_REQUESTS = 500_000;

    private UndertowBalancer balancer;
    private BalancerClient clients;
    private EmbeddedTomcatNode a;
    private EmbeddedTomcatNode b;

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
        clients = new BalancerClient(balancer);
        a = new EmbeddedTomcatNode("a", EmbeddedTomcatNode.attributesFor(balancer.mcmpPort())).start();
        b = new EmbeddedTomcatNode("b", EmbeddedTomcatNode.attributesFor(balancer.mcmpPort())).start();
        clients.assertRoutable("a", WAIT);
        clients.assertRoutable("b", WAIT);
    }

    @AfterEach
    void stopAll() throws Exception {
        Cleanup.closeAll(a, b, balancer);
    }

    @Test
    void requestsReachTheWebappThroughTheBalancerAndSessionsStick() throws Exception {
        assertEquals(Set.of("a", "b"), clients.nodesReached("/app/hello", 2),
                "the balancer spreads new requests over both nodes");
        // Sessions: the cookie carries ".<jvmRoute>" and the balancer keeps the session on that node.
        assertEquals(Set.of("a", "b"), clients.sessionsStick(2, 20), "sticky sessions on both nodes");
    }

    /**
     * With clients sending through the balancer and both nodes serving, runs {@code action} (which
     * takes node a out) and asserts that no request fails and none reaches a afterwards.
     */
    private void takeAOutUnderLoad(String phase, ClientTraffic.Action action, String what) throws Exception {
        try (ClientTraffic traffic = new ClientTraffic(balancer.proxyUri("/app/loop"), MAX_REQUESTS)
                .start(CLIENT_THREADS)) {
            traffic.assertServed(ClientTraffic.BEFORE, 100, WAIT, "a", "b");
            Duration took = traffic.during(phase, action);
            traffic.assertLeftWithoutFailures("a", "b", 300, WAIT,
                    what + " under load took " + took.toMillis() + " ms");
        }
    }

    @Test
    void undeployingTheWebappOfOneNodeUnderLoadFailsNoRequest() throws Exception {
        takeAOutUnderLoad("undeploying", a::undeployApp, "undeploy of a:/app");
        assertTrue(balancer.node("a").map(n -> n.context(NodeServlet.APP).isEmpty()).orElse(false),
                () -> "a:/app removed from the balancer: " + balancer.nodes());
        assertEquals(200, clients.get("/app/again").statusCode());
    }

    @Test
    void stoppingOneTomcatUnderLoadFailsNoRequest() throws Exception {
        takeAOutUnderLoad("stopping", a::stop, "stop of Tomcat a");
        assertEquals(Optional.empty(), balancer.node("a"), "a left the balancer");
    }

    @Test
    void nodesRegisterAgainAfterTheBalancerRestarts() throws Exception {
        int proxyPort = balancer.proxyPort();
        int mcmpPort = balancer.mcmpPort();
        long t0;
        // The restarted balancer answers the nodes' next STATUS with an unknown-node error, which it also
        // logs (UT005043), and the agents may see the restart as a short outage (CLAG1101): both expected.
        try (CapturedLog log = CapturedLog.capture(java.util.logging.Level.WARNING, "io.undertow", "org.clusteragent")) {
            balancer.stop();
            // Down for a moment, as a real restart would be: the agents see connection failures.
            Thread.sleep(500);
            balancer.start();
            t0 = System.nanoTime();
            assertEquals(proxyPort, balancer.proxyPort());
            assertEquals(mcmpPort, balancer.mcmpPort());
            assertTrue(balancer.nodes().isEmpty(), "a restarted balancer knows no node");
            clients.assertRoutable("a", WAIT);
            clients.assertRoutable("b", WAIT);
            assertEquals(java.util.List.of(), log.atLeast(java.util.logging.Level.WARNING).stream()
                    .filter(m -> !m.startsWith("UT005043: Error in processing MCMP commands: Type:MEM")
                            && !m.startsWith("CLAG1101: proxy 127.0.0.1:" + mcmpPort + " is unreachable")).toList());
        }
        System.out.printf("both nodes routable again %d ms after the balancer restarted%n",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        assertEquals(Set.of("a", "b"), clients.nodesReached("/app/back", 2));
    }
}
