package org.clusteragent.harness.httpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.clusteragent.harness.HttpdBalancer;
import org.clusteragent.harness.testing.BalancerClient;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.clusteragent.harness.testing.RequiresHttpd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * httpd's mod_advertise on loopback multicast, signed with AdvertiseSecurityKey: a Tomcat node with
 * no proxyList and the same key finds httpd and registers; one with another key ignores it.
 */
@RequiresHttpd
@Timeout(60)
class HttpdAdvertiseTest {

    private static final String GROUP = "224.0.1.105";
    private static final String KEY = "httpd-advertise-key";

    private HttpdBalancer httpd;
    private EmbeddedTomcatNode node;
    private EmbeddedTomcatNode stranger;

    @AfterEach
    void stopAll() throws Exception {
        Cleanup.closeAll(node, stranger, httpd);
    }

    private static Map<String, String> advertising(int port, String key) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("advertise", "true");
        attributes.put("advertiseGroupAddress", GROUP);
        attributes.put("advertisePort", Integer.toString(port));
        attributes.put("advertiseInterface", "127.0.0.1");
        attributes.put("advertiseSecurityKey", key);
        return attributes;
    }

    @Test
    void aNodeWithTheKeyRegistersByAdvertiseAndOneWithAnotherKeyDoesNot() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = s.getLocalPort();
        }
        httpd = HttpdBalancer.start(new HttpdSettings.Builder().advertise(GROUP, port, KEY, 1).build());
        long t0 = System.nanoTime();
        node = new EmbeddedTomcatNode("adv-a", advertising(port, KEY)).start();
        stranger = new EmbeddedTomcatNode("adv-x", advertising(port, "another-key")).start();
        new BalancerClient(httpd).assertRoutable("adv-a", Duration.ofSeconds(20));
        System.out.printf("adv-a registered by advertise %d ms after its start%n", (System.nanoTime() - t0) / 1_000_000);
        // a few more advertise periods: the node with the wrong key must still not have registered
        Thread.sleep(2500);
        assertTrue(httpd.node("adv-x").isEmpty(), () -> "adv-x ignored httpd's datagrams: " + httpd.info());
        assertEquals(1, httpd.nodes().size(), httpd.info());
    }
}
