package org.clusteragent.harness.httpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.clusteragent.harness.HttpdBalancer;
import org.clusteragent.harness.testing.BalancerClient;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.clusteragent.harness.testing.RequiresHttpd;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * httpd's mod_advertise on loopback multicast, signed with AdvertiseSecurityKey: a Tomcat node with
 * no proxyList and the same key finds httpd and registers; one with another key ignores it. Every
 * restart of httpd (graceful and SIGHUP alike) makes the old process say goodbye and the new one
 * advertise a new Server id; the node finds it again and registers, without the idle probe or a
 * STATUS, within a few advertise periods.
 */
@RequiresHttpd
@Timeout(60)
class HttpdAdvertiseTest {

    private static final String GROUP = "224.0.1.105";
    private static final String KEY = "httpd-advertise-key";
    private static final Pattern SERVER = Pattern.compile("\\(Server ([^,)]+)");

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

    private static int freeUdpPort() throws java.net.SocketException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    @Test
    void aNodeWithTheKeyRegistersByAdvertiseAndOneWithAnotherKeyDoesNot() throws Exception {
        int port = freeUdpPort();
        httpd = HttpdBalancer.start(new HttpdSettings.Builder().advertise(GROUP, port, KEY, 1).build());
        long t0 = System.nanoTime();
        try (CapturedLog log = CapturedLog.capture()) {
            node = new EmbeddedTomcatNode("adv-a", advertising(port, KEY)).start();
            stranger = new EmbeddedTomcatNode("adv-x", advertising(port, "another-key")).start();
            new BalancerClient(httpd).assertRoutable("adv-a", Duration.ofSeconds(20));
            System.out.printf("adv-a registered by advertise %d ms after its start%n", (System.nanoTime() - t0) / 1_000_000);
            // a few more advertise periods: the node with the wrong key must still not have registered
            Thread.sleep(2500);
            assertTrue(httpd.node("adv-x").isEmpty(), () -> "adv-x ignored httpd's datagrams: " + httpd.info());
            assertEquals(1, httpd.nodes().size(), httpd.info());
            assertTrue(log.one("CLAG5010").contains("has a wrong digest"), "adv-x says why, once: " + log);
        }
    }

    @Test
    void aRestartedHttpdAdvertisesANewServerIdAndTheNodeRegistersAgain() throws Exception {
        int port = freeUdpPort();
        httpd = HttpdBalancer.start(new HttpdSettings.Builder().advertise(GROUP, port, KEY, 1).build());
        Map<String, String> attributes = advertising(port, KEY);
        // neither the idle probe nor a STATUS may be what finds the restart: only the advertise datagrams
        attributes.put("probeInterval", "0");
        attributes.put("statusInterval", "600");
        BalancerClient client = new BalancerClient(httpd);
        try (CapturedLog log = CapturedLog.capture()) {
            node = new EmbeddedTomcatNode("adv-r", attributes).start();
            client.assertRoutable("adv-r", Duration.ofSeconds(20));
            String server = serverOf(log.one("CLAG5002"));
            for (String kind : new String[] {"graceful", "SIGHUP"}) {
                int before = log.messages().size();
                long t0 = System.nanoTime();
                if (kind.equals("graceful")) {
                    httpd.gracefulRestart();
                } else {
                    httpd.hupRestart();
                }
                long back = System.nanoTime();
                // httpd's old process says goodbye and the new one advertises a new Server id: found again
                // (or, had the goodbye been lost, restarted)
                String again = awaitDiscovery(log, before);
                String previous = server;
                server = serverOf(again);
                assertNotEquals(previous, server, () -> "a new Server id after the " + kind + " restart: " + again);
                client.assertRoutable("adv-r", Duration.ofSeconds(10));
                long routable = System.nanoTime();
                System.out.printf("advertise: %s restart -> adv-r routable again %d ms after httpd was back (%d ms"
                        + " after the signal); %s%n", kind, (routable - back) / 1_000_000, (routable - t0) / 1_000_000,
                        again);
            }
            assertTrue(log.atLeast(Level.WARNING).isEmpty(), () -> "no warning: " + log.atLeast(Level.WARNING));
        }
    }

    /** The first CLAG5002 (found) or CLAG5003 (restarted) line logged after the first {@code before} messages. */
    private static String awaitDiscovery(CapturedLog log, int before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            List<String> messages = log.messages();
            for (String m : messages.subList(before, messages.size())) {
                if (m.startsWith("CLAG5002:") || m.startsWith("CLAG5003:")) {
                    return m;
                }
            }
            Thread.sleep(20);
        } while (System.nanoTime() - deadline < 0);
        throw new AssertionError("httpd not discovered again by advertise within 10 s: " + log);
    }

    /** The Server id a CLAG5002 or CLAG5003 line names first. */
    private static String serverOf(String line) {
        Matcher m = SERVER.matcher(line);
        assertTrue(m.find(), line);
        return m.group(1);
    }
}
