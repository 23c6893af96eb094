package org.clusteragent.harness.haproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.clusteragent.harness.HaproxyBalancer;
import org.clusteragent.harness.HaproxyBalancer.ServerState;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.ClientTraffic;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.clusteragent.harness.testing.NodeServlet;
import org.clusteragent.harness.testing.RequiresHaproxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two Tomcat nodes behind a real HAProxy that polls each node's agent-check port every second: the
 * load factor steers HAProxy's weights, a node shut down under a request loop fails no request,
 * and a restarted node is taken back. The nodes talk to no MCMP proxy at all.
 */
@RequiresHaproxy
@Timeout(120)
class HaproxyAgentCheckTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final Map<String, Integer> agentPorts = new LinkedHashMap<>();
    private EmbeddedTomcatNode a;
    private EmbeddedTomcatNode b;
    private HaproxyBalancer haproxy;

    @BeforeEach
    void startAll() throws Exception {
        for (String node : List.of("a", "b")) {
            httpPorts.put(node, HaproxyBalancer.freePort());
            agentPorts.put(node, HaproxyBalancer.freePort());
        }
        a = node("a").start();
        b = node("b").start();
        haproxy = new HaproxyBalancer(List.of(
                new HaproxyBalancer.Server("a", httpPorts.get("a"), agentPorts.get("a")),
                new HaproxyBalancer.Server("b", httpPorts.get("b"), agentPorts.get("b")))).start();
        awaitServer("a", s -> s.up() && s.weight() == 100, "a up at full weight");
        awaitServer("b", s -> s.up() && s.weight() == 100, "b up at full weight");
    }

    @AfterEach
    void stopAll() throws Exception {
        ScriptedLoad.clear();
        Cleanup.closeAll(a, b, haproxy);
    }

    private EmbeddedTomcatNode node(String name) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("advertise", "false");
        attributes.put("statusInterval", "0.5");
        attributes.put("agentCheckPort", Integer.toString(agentPorts.get(name)));
        attributes.put("loadMetrics", ScriptedLoad.class.getName() + "(node=" + name + ")");
        attributes.put("initialLoad", "-1");
        attributes.put("loadHistory", "1");
        return new EmbeddedTomcatNode(name, attributes, httpPorts.get(name));
    }

    @Test
    void aNodeWhoseLoadRisesGetsASmallerShareOfNewRequests() throws Exception {
        Map<String, Integer> even = share(200);
        ScriptedLoad.set("a", 0.8);
        ServerState loaded = awaitServer("a", s -> s.weight() <= 30, "a's weight follows its load factor");
        Map<String, Integer> skewed = share(200);
        System.out.printf("HAProxy share of 200 requests: both idle %s; a at load 0.8 (weight %d) %s%n",
                even, loaded.weight(), skewed);
        assertTrue(even.getOrDefault("a", 0) >= 80 && even.getOrDefault("b", 0) >= 80, even::toString);
        assertTrue(skewed.getOrDefault("a", 0) <= 60, () -> "a's share falls: " + skewed);
        assertTrue(skewed.getOrDefault("a", 0) > 0, () -> "a still gets some: " + skewed);
    }

    @Test
    void aShutdownUnderARequestLoopFailsNoRequestAndARestartedNodeComesBack() throws Exception {
        try (ClientTraffic traffic = new ClientTraffic(haproxy.uri(NodeServlet.APP + "/loop?hold=20"), 2_000_000)
                .start(4)) {
            traffic.assertServed(ClientTraffic.BEFORE, 50, WAIT, "a", "b");
            Duration took = traffic.during("stopping", a::stop);
            traffic.assertLeftWithoutFailures("a", "b", 100, WAIT,
                    "shutdown of Tomcat node a behind HAProxy took " + took.toMillis() + " ms");
        }
        ServerState gone = awaitServer("a", s -> s.status().startsWith("MAINT"), "a in MAINT once stopped");
        System.out.println("HAProxy's view of a after its shutdown: " + gone);
        a.close();
        a = node("a").start();
        ServerState back = awaitServer("a", s -> s.up() && s.weight() == 100, "a back after its restart");
        System.out.println("HAProxy's view of a after its restart: " + back);
        assertTrue(share(20).getOrDefault("a", 0) > 0, "a serves again");
    }

    private ServerState awaitServer(String name, java.util.function.Predicate<ServerState> condition, String what) {
        return haproxy.await(name, condition, WAIT).orElseThrow(() -> new AssertionError(
                what + ": HAProxy shows " + haproxy.servers() + "; log: " + haproxy.log()));
    }

    /** Which node answered each of {@code n} sequential new requests through HAProxy. */
    private Map<String, Integer> share(int n) throws IOException, InterruptedException {
        Map<String, Integer> counts = new TreeMap<>();
        URI uri = haproxy.uri(NodeServlet.APP + "/share");
        for (int i = 0; i < n; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response::body);
            counts.merge(NodeServlet.nodeOf(response.body()), 1, Integer::sum);
        }
        return counts;
    }
}
