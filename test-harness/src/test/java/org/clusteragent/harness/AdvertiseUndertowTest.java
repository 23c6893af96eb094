package org.clusteragent.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.clusteragent.advertise.AdvertiseDiscovery;
import org.clusteragent.advertise.AdvertiseDiscoveryFactory;
import org.clusteragent.advertise.AdvertiseOutcome;
import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.ProxyDiscovery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.mod_cluster.MCMPConfig;
import io.undertow.server.handlers.proxy.mod_cluster.ModCluster;

/**
 * Undertow's real mod_cluster balancer advertising on loopback multicast (it binds 127.0.0.1, so
 * Linux sends out of lo), found by our advertise discovery joined on 127.0.0.1. No root needed.
 */
@Timeout(60)
class AdvertiseUndertowTest {

    static final String GROUP = "224.0.1.105";

    XnioWorker worker;
    ModCluster modCluster;
    Undertow balancer;
    ProxyDiscovery discovery;
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    final ProxyDiscovery.Listener recorder = new ProxyDiscovery.Listener() {
        @Override
        public void proxyFound(ProxyAddress proxy) {
            events.add("found " + proxy);
        }

        @Override
        public void proxyRestarted(ProxyAddress proxy) {
            events.add("restarted " + proxy);
        }

        @Override
        public void proxyLost(ProxyAddress proxy) {
            events.add("lost " + proxy);
        }
    };

    /** Starts Undertow's balancer with its MCMP endpoint on an ephemeral port, advertising every 200 ms. */
    int startBalancer(int advertisePort, String securityKey) throws Exception {
        worker = Xnio.getInstance().createWorker(OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, 2).set(Options.WORKER_TASK_CORE_THREADS, 2)
                .set(Options.WORKER_TASK_MAX_THREADS, 4).getMap());
        modCluster = ModCluster.builder(worker).build();
        modCluster.start();
        HttpHandler[] mcmp = new HttpHandler[1];
        balancer = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> mcmp[0].handleRequest(exchange)).build();
        balancer.start();
        int managementPort = ((InetSocketAddress) balancer.getListenerInfo().get(0).getAddress()).getPort();
        MCMPConfig config = MCMPConfig.builder()
                .setManagementHost("127.0.0.1")
                .setManagementPort(managementPort)
                .enableAdvertise()
                .setAdvertiseGroup(GROUP)
                .setAdvertiseAddress("127.0.0.1")
                .setAdvertisePort(advertisePort)
                .setAdvertiseFrequency(200)
                .setSecurityKey(securityKey)
                .getParent()
                .build();
        mcmp[0] = config.create(modCluster, ResponseCodeHandler.HANDLE_404);
        modCluster.advertise(config);
        return managementPort;
    }

    void stopBalancer() {
        if (balancer != null) {
            balancer.stop();
            balancer = null;
        }
        if (modCluster != null) {
            modCluster.stop();
            modCluster = null;
        }
        if (worker != null) {
            worker.shutdownNow(); // also ends the advertise task, which runs on the worker's I/O thread
            worker = null;
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
    }

    @Test
    void aStoppedBalancerIsLostAfterTheAdvertiseTimeout() throws Exception {
        // Undertow 2.3 sends no 403/410 goodbye when it stops (httpd does; the module's own tests
        // cover that), so the proxy goes away by silence here.
        int port = freeUdpPort();
        startDiscovery(port, Map.of("advertiseSecurityKey", "k", "advertiseTimeout", "2"));
        int managementPort = startBalancer(port, "k");
        assertEquals("found 127.0.0.1:" + managementPort, events.poll(15, TimeUnit.SECONDS));
        stopBalancer();
        assertEquals("lost 127.0.0.1:" + managementPort, events.poll(15, TimeUnit.SECONDS));
    }
}
