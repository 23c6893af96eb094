package org.clusteragent.harness.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.clusteragent.harness.testing.UndertowNode;
import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.harness.testing.BalancerClient;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.clusteragent.harness.testing.NodeServlet;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Undertow's real balancer advertises itself (MCMPConfig advertise, signed with a security key) on
 * loopback multicast; nodes configured with {@code advertise=true}, the same group, port, interface
 * 127.0.0.1 and key, and <em>no</em> {@code proxyList}, find it from its datagrams alone, register
 * there and get routed requests: one Undertow node (builder mode) and one Tomcat node (ClusterListener).
 * A third node with another key hears the same datagrams and never registers. Linux sends multicast
 * from a socket bound to 127.0.0.1 out of {@code lo}, so no root and no network is needed.
 */
@Timeout(60)
class AdvertisedBalancerTest {

    private static final String GROUP = "224.0.1.105";
    private static final String KEY = "h15-cluster-key";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private UndertowBalancer balancer;
    private UndertowNode undertow;
    private UndertowNode stranger;
    private EmbeddedTomcatNode tomcat;

    @AfterEach
    void stopAll() throws Exception {
        Cleanup.closeAll(undertow, stranger, tomcat, balancer);
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    static Map<String, String> advertiseAttributes(int advertisePort, String key) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("advertise", "true");
        attributes.put("advertiseGroupAddress", GROUP);
        attributes.put("advertisePort", Integer.toString(advertisePort));
        attributes.put("advertiseInterface", "127.0.0.1");
        attributes.put("advertiseSecurityKey", key);
        attributes.put("statusInterval", "0.5");
        return attributes;
    }

    @Test
    void nodesWithoutAProxyListFindTheAdvertisingBalancerAndGetRequests() throws Exception {
        int advertisePort = freeUdpPort();
        balancer = UndertowBalancer.builder().advertise(GROUP, advertisePort, KEY, Duration.ofMillis(200)).start();
        long t0 = System.nanoTime();
        try (CapturedLog log = CapturedLog.capture()) {
            undertow = new UndertowNode("adv-undertow", advertiseAttributes(advertisePort, KEY)).start();
            tomcat = new EmbeddedTomcatNode("adv-tomcat", advertiseAttributes(advertisePort, KEY)).start();
            stranger = new UndertowNode("adv-stranger", advertiseAttributes(advertisePort, "another-key")).start();

            BalancerClient clients = new BalancerClient(balancer);
            // registered by advertise alone: none of them has a proxyList
            clients.assertRoutable("adv-undertow", WAIT);
            clients.assertRoutable("adv-tomcat", WAIT);
            System.out.printf("both nodes (started one after the other) routable %d ms after the balancer started"
                    + " advertising%n",
                    (System.nanoTime() - t0) / 1_000_000);

            assertEquals(Set.of("adv-tomcat", "adv-undertow"), clients.nodesReached(NodeServlet.APP + "/hello", 2),
                    "requests route to both advertised-into nodes");

            // By now the stranger has heard several datagrams (one every 200 ms) and rejected every one.
            Thread.sleep(1000);
            assertEquals(Optional.empty(), balancer.node("adv-stranger"),
                    "a node with another security key never registers: " + balancer.nodes());
            assertTrue(log.one("CLAG5010").contains("has a wrong digest"), "the stranger says why, once: " + log);
        }
    }
}
