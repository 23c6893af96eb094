package org.clusteragent.harness.httpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;

import org.clusteragent.harness.HttpdBalancer;
import org.clusteragent.harness.RealProxy;
import org.clusteragent.harness.testing.BalancerClient;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.ClientTraffic;
import org.clusteragent.harness.testing.NodeKind;
import org.clusteragent.harness.testing.NodeServlet;
import org.clusteragent.harness.testing.ProxyKind;
import org.clusteragent.harness.testing.ServingNode;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The drain promise through each real proxy, with the listener's defaults (only {@code proxyList} and
 * {@code advertise=false}): two nodes serve {@code /app}, six users send requests through the proxy
 * (each held 20 ms), three of them keeping their session cookie; undeploying {@code /app} on one
 * node, or shutting that node down, fails no request, and the node gets none sent after the action.
 * The sticky users keep their sessions alive, so each drain waits the default stopContextTimeout
 * (10 s) before the node stops taking them; then they move to the other node. Runs for Tomcat nodes
 * behind httpd and behind Undertow's balancer, and for Undertow nodes behind httpd (Undertow nodes
 * behind Undertow's balancer: {@code UndertowNodesBehindBalancerTest}).
 */
@Timeout(120)
class DrainBehindRealProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LOOP = "/app/loop?hold=20";
    private static final int USERS = 6;
    private static final int STICKY_USERS = 3;

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(ProxyKind.HTTPD, NodeKind.TOMCAT), Arguments.of(ProxyKind.UNDERTOW, NodeKind.TOMCAT),
                Arguments.of(ProxyKind.HTTPD, NodeKind.UNDERTOW));
    }

    private RealProxy proxy;
    private ServingNode a;
    private ServingNode b;

    @AfterEach
    void stopAll() throws Exception {
        Cleanup.closeAll(a, b, proxy);
    }

    private BalancerClient startTwo(ProxyKind proxyKind, NodeKind nodeKind) throws Exception {
        proxy = proxyKind.start();
        a = nodeKind.start("a", proxy.mcmpPort());
        b = nodeKind.start("b", proxy.mcmpPort());
        BalancerClient clients = new BalancerClient(proxy);
        clients.assertRoutable("a", WAIT);
        clients.assertRoutable("b", WAIT);
        return clients;
    }

    private void takeAOutUnderLoad(String phase, ClientTraffic.Action action, String what) throws Exception {
        try (CapturedLog log = CapturedLog.capture();
             ClientTraffic traffic = new ClientTraffic(proxy.proxyUri(LOOP), 2_000_000).start(USERS, STICKY_USERS)) {
            traffic.assertServed(ClientTraffic.BEFORE, 100, WAIT, "a", "b");
            Duration took = traffic.during(phase, action);
            traffic.assertLeftWithoutFailures("a", "b", 300, WAIT, what + " behind " + proxy.kind() + " ("
                    + STICKY_USERS + " of " + USERS + " users sticky) took " + took.toMillis() + " ms");
            // The sticky users' sessions on a usually outlive the drain's session share (CLAG2006): the one
            // warning this may provoke.
            assertEquals(java.util.List.of(), log.atLeast(java.util.logging.Level.WARNING).stream()
                    .filter(m -> !m.startsWith("CLAG2006: drain of a:localhost/app stopped waiting")).toList(),
                    "warnings but a's drain giving up on sessions");
        }
    }

    @ParameterizedTest(name = "{1} nodes behind {0}")
    @MethodSource("cases")
    void undeployingTheWebappOfOneNodeUnderLoadFailsNoRequest(ProxyKind proxyKind, NodeKind nodeKind)
            throws Exception {
        BalancerClient clients = startTwo(proxyKind, nodeKind);
        takeAOutUnderLoad("undeploying", a::undeployApp, "undeploy of a:/app on " + nodeKind);
        assertTrue(proxy.node("a").map(n -> n.context(NodeServlet.APP).isEmpty()).orElse(true),
                () -> "a:/app gone from the proxy: " + proxy.nodes());
        assertEquals("b", NodeServlet.nodeOf(clients.get("/app/again").body()));
    }

    @ParameterizedTest(name = "{1} nodes behind {0}")
    @MethodSource("cases")
    void shuttingDownOneNodeUnderLoadFailsNoRequest(ProxyKind proxyKind, NodeKind nodeKind) throws Exception {
        BalancerClient clients = startTwo(proxyKind, nodeKind);
        takeAOutUnderLoad("stopping", a::stop, "shutdown of " + nodeKind + " node a");
        assertEquals("b", NodeServlet.nodeOf(clients.get("/app/again").body()));
        if (proxy instanceof HttpdBalancer && nodeKind == NodeKind.TOMCAT) {
            // once: httpd keeps a removed node's slot about 20 s, then INFO no longer lists it
            long t0 = System.nanoTime();
            while (proxy.node("a").isPresent()) {
                assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(45).toNanos(),
                        () -> "a still in httpd's INFO: " + proxy.nodes());
                Thread.sleep(200);
            }
            System.out.printf("a gone from httpd's INFO %.1f s after its shutdown%n", (System.nanoTime() - t0) / 1e9);
        }
    }
}
