package org.clusteragent.harness.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.clusteragent.harness.testing.UndertowNode;
import org.clusteragent.harness.BalancerNode;
import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.harness.testing.BalancerClient;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.clusteragent.harness.testing.NodeServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A mixed cluster: one embedded Tomcat node ({@code tomcat}, clusteragent's ClusterListener) and one
 * embedded Undertow node ({@code undertow}, builder mode) serve the same webapp {@code /app} behind
 * Undertow's real mod_cluster balancer, and new requests spread over them according to the load
 * factors they send.
 *
 * <p>The factors are set by the test, not measured: each node's only metric is {@link SettableLoad}
 * with capacity 100, {@code loadHistory=0} (no decay, the factor follows the value at the next
 * STATUS), {@code initialLoad=-1} (no ramp) and a STATUS every 0.5 s. A raw load of 20 gives the
 * factor 80, a load of 80 the factor 20.
 *
 * <p>What Undertow's balancer (2.3) does with them: for a request without a session it elects, among
 * the nodes whose context is enabled, the one with the lowest <em>load status</em>,
 * {@code (elected this period) × 1000 / factor + (elected last period) × 1000 / factor}, the first
 * node on a tie; a period is one health-check interval, after which the current count becomes the
 * previous one. Each request thus costs a node {@code 1000 / factor}, and sequential requests split
 * in proportion to the factors: 80 against 20 gives the first node 80 % of them. The previous
 * period's count is weighed with the factor current at the end of the period, so right after a
 * factor change the last period's traffic can count several times over (seen here: 92 % instead of
 * 80 %); before each batch the test therefore lets two health-check intervals pass without traffic,
 * which zeroes that carry-over. It sends its requests one at a time, so the expected share is 80 %,
 * give or take a request or two per period, and asserts 80 % ± 10 points each way round.
 */
@Timeout(60)
class MixedClusterLoadFactorTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int REQUESTS = 300;
    private static final double EXPECTED = 0.8;
    private static final double TOLERANCE = 0.1;

    private UndertowBalancer balancer;
    private EmbeddedTomcatNode tomcat;
    private UndertowNode undertow;

    @AfterEach
    void stopAll() throws Exception {
        try {
            Cleanup.closeAll(undertow, tomcat, balancer);
        } finally {
            SettableLoad.clear("tomcat");
            SettableLoad.clear("undertow");
        }
    }

    static Map<String, String> attributes(String node, int mcmpPort) {
        Map<String, String> attributes = new LinkedHashMap<>(UndertowNode.attributesFor(mcmpPort));
        attributes.put("loadMetrics", SettableLoad.class.getName() + "(node=" + node + ", capacity=100)");
        attributes.put("loadHistory", "0");
        attributes.put("initialLoad", "-1");
        return attributes;
    }

    @Test
    void newRequestsSpreadOverATomcatAndAnUndertowNodeByTheirLoadFactors() throws Exception {
        SettableLoad.set("tomcat", 20);
        SettableLoad.set("undertow", 80);
        balancer = UndertowBalancer.builder().start();
        tomcat = new EmbeddedTomcatNode("tomcat", attributes("tomcat", balancer.mcmpPort())).start();
        undertow = new UndertowNode("undertow", attributes("undertow", balancer.mcmpPort())).start();
        awaitFactor("tomcat", 80);
        awaitFactor("undertow", 20);

        Map<String, Integer> first = spread();
        double tomcatShare = first.getOrDefault("tomcat", 0) / (double) REQUESTS;
        System.out.printf("factors tomcat=80 undertow=20: %s, tomcat share %.3f%n", first, tomcatShare);
        assertEquals(REQUESTS, first.getOrDefault("tomcat", 0) + first.getOrDefault("undertow", 0), first::toString);
        assertEquals(EXPECTED, tomcatShare, TOLERANCE, "Tomcat's share with 4x the undertow node's factor: " + first);

        SettableLoad.set("tomcat", 80);
        SettableLoad.set("undertow", 20);
        awaitFactor("tomcat", 20);
        awaitFactor("undertow", 80);

        Map<String, Integer> second = spread();
        double undertowShare = second.getOrDefault("undertow", 0) / (double) REQUESTS;
        System.out.printf("factors tomcat=20 undertow=80: %s, undertow share %.3f%n", second, undertowShare);
        assertEquals(REQUESTS, second.getOrDefault("tomcat", 0) + second.getOrDefault("undertow", 0),
                second::toString);
        assertEquals(EXPECTED, undertowShare, TOLERANCE, "the undertow node's share once the factors swap: " + second);
    }

    private void awaitFactor(String route, int factor) throws InterruptedException {
        assertTrue(balancer.awaitNode(route, n -> n.routes(NodeServlet.APP) && n.load() == factor, WAIT).isPresent(),
                () -> route + " routable with load factor " + factor + ": " + balancer.nodes());
    }

    /**
     * Lets the balancer forget earlier elections (two idle health-check periods), then sends
     * {@link #REQUESTS} new-session requests one after another and counts the node that answered each.
     */
    private Map<String, Integer> spread() throws Exception {
        Thread.sleep(balancer.settings().healthCheckInterval().multipliedBy(5).dividedBy(2).toMillis());
        Map<String, Integer> counts = new TreeMap<>();
        BalancerClient clients = new BalancerClient(balancer);
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> response = clients.get(NodeServlet.APP + "/spread");
            assertEquals(200, response.statusCode(), response.body());
            counts.merge(NodeServlet.nodeOf(response.body()), 1, Integer::sum);
        }
        for (BalancerNode n : balancer.nodes()) {
            counts.putIfAbsent(n.jvmRoute(), 0);
        }
        return counts;
    }
}
