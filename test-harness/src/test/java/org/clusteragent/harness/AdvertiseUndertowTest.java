package org.clusteragent.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.clusteragent.advertise.AdvertiseDiscovery;
import org.clusteragent.advertise.AdvertiseDiscoveryFactory;
import org.clusteragent.advertise.AdvertiseOutcome;
import org.clusteragent.spi.ProxyDiscovery;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.RecordingDiscoveryListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Undertow's real mod_cluster balancer advertising on loopback multicast (it binds 127.0.0.1, so
 * Linux sends out of lo), found by our advertise discovery joined on 127.0.0.1. No root needed.
 */
@Timeout(60)
class AdvertiseUndertowTest {

    static final String GROUP = "224.0.1.105";

    UndertowBalancer balancer;
    ProxyDiscovery discovery;
    final RecordingDiscoveryListener recorder = new RecordingDiscoveryListener();
    final BlockingQueue<String> events = recorder.events;

    /** Starts Undertow's balancer with its MCMP endpoint on an ephemeral port, advertising every 200 ms. */
    int startBalancer(int advertisePort, String securityKey) {
        balancer = UndertowBalancer.builder()
                .advertise(GROUP, advertisePort, securityKey, Duration.ofMillis(200))
                .start();
        return balancer.mcmpPort();
    }

    void stopBalancer() {
        if (balancer != null) {
            balancer.stop(); // also ends the advertise task, which runs on the balancer's worker
            balancer = null;
        }
    }

    ProxyDiscovery startDiscovery(int port, Map<String, String> extra) throws Exception {
        Map<String, String> props = new HashMap<>(extra);
        props.put("advertiseGroupAddress", GROUP);
        props.put("advertisePort", Integer.toString(port));
        props.put("advertiseInterface", "127.0.0.1");
        discovery = new AdvertiseDiscoveryFactory().create(props).orElseThrow();
        discovery.start(recorder);
        return discovery;
    }

    @AfterEach
    void tearDown() {
        if (discovery != null) {
            discovery.stop();
        }
        stopBalancer();
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    @Test
    void discoversUndertowsBalancerByItsSignedAdvertisements() throws Exception {
        int port = freeUdpPort();
        startDiscovery(port, Map.of("advertiseSecurityKey", "cluster-key"));
        int managementPort = startBalancer(port, "cluster-key");
        assertEquals("found 127.0.0.1:" + managementPort, events.poll(15, TimeUnit.SECONDS));
        Thread.sleep(1000); // five more advertisements: heard again, no new event
        assertNull(events.poll());
        AdvertiseDiscovery d = (AdvertiseDiscovery) discovery;
        assertTrue(d.statistics().count(AdvertiseOutcome.ACCEPTED) >= 3, d.statistics().toString());
        assertEquals(0, d.statistics().count(AdvertiseOutcome.BAD_DIGEST), d.statistics().toString());
    }

    @Test
    void ignoresABalancerWithAnotherKey() throws Exception {
        int port = freeUdpPort();
        try (CapturedLog log = CapturedLog.capture()) {
            startDiscovery(port, Map.of("advertiseSecurityKey", "our-key"));
            startBalancer(port, "their-key");
            AdvertiseDiscovery d = (AdvertiseDiscovery) discovery;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (d.statistics().count(AdvertiseOutcome.BAD_DIGEST) < 5 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(d.statistics().count(AdvertiseOutcome.BAD_DIGEST) >= 5,
                    "the balancer's datagrams arrive and are rejected: " + d.statistics());
            assertNull(events.poll(), "never found");
            assertTrue(log.one("CLAG5010").contains("has a wrong digest"), "one line for all of them: " + log);
        }
    }

    @Test
    void aStoppedBalancerIsLostAfterTheAdvertiseTimeout() throws Exception {
        // Undertow 2.3 sends no 403/410 goodbye when it stops (httpd does; the module's own tests
        // cover that), so the proxy goes away by silence here.
        int port = freeUdpPort();
        startDiscovery(port, Map.of("advertiseSecurityKey", "k", "advertiseTimeout", "2"));
        int managementPort = startBalancer(port, "k");
        assertEquals("found 127.0.0.1:" + managementPort, events.poll(15, TimeUnit.SECONDS));
        try (CapturedLog log = CapturedLog.capture()) {
            stopBalancer();
            assertEquals("lost 127.0.0.1:" + managementPort, events.poll(15, TimeUnit.SECONDS));
            assertTrue(log.one("CLAG5005").contains("not heard for 2 s"), log.toString());
        }
    }

    @Test
    void aRestartedBalancerIsReportedRestartedAtTheSameAddress() throws Exception {
        // A restart gives the balancer a new Server id in its datagrams; it comes back on the same MCMP port.
        int port = freeUdpPort();
        startDiscovery(port, Map.of("advertiseSecurityKey", "k"));
        int managementPort = startBalancer(port, "k");
        assertEquals("found 127.0.0.1:" + managementPort, events.poll(15, TimeUnit.SECONDS));
        balancer.restart();
        assertEquals(managementPort, balancer.mcmpPort());
        assertEquals("restarted 127.0.0.1:" + managementPort, events.poll(15, TimeUnit.SECONDS));
    }
}
