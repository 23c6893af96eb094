package org.clusteragent.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.ConfigRequest;
import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.core.proxy.ProxyLane;
import org.clusteragent.core.proxy.ProxyListener;
import org.clusteragent.core.proxy.ProxyRegistry;
import org.clusteragent.core.proxy.ProxySettings;
import org.clusteragent.core.proxy.ResyncReason;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * agent-core's MCMP requests, sent through its proxy registry, drive Undertow's real mod_cluster
 * balancer: a user request through the balancer reaches a real backend once CONFIG, ENABLE-APP and
 * STATUS have been sent, and stops reaching it after STOP-APP and after REMOVE-APP.
 */
@Timeout(60)
class UndertowBalancerMcmpTest {

    static final String ROUTE = "node1";
    static final List<String> ALIASES = List.of("localhost");
    static final Duration WAIT = Duration.ofSeconds(10);

    UndertowBalancer balancer;
    DemoBackend backend;
    ProxyRegistry registry;
    ProxyAddress proxy;
    final Http http = new Http();

    /** The registry is used bare here: the test itself decides every command, so resync sends nothing. */
    static final ProxyListener SILENT = (ProxyLane lane, ResyncReason reason) -> { };

    @BeforeEach
    void setUp() throws Exception {
        balancer = UndertowBalancer.builder().start();
        backend = DemoBackend.start("127.0.0.1", ROUTE, "/demo", delta -> { }, Duration.ZERO);
        registry = new ProxyRegistry(ProxySettings.builder().socketTimeout(Duration.ofSeconds(5)).build(), SILENT);
        proxy = balancer.mcmpAddress();
        registry.add(proxy);
        registry.start();
    }

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.close();
        }
        http.close();
        if (backend != null) {
            backend.close();
        }
        if (balancer != null) {
            balancer.stop();
        }
    }

    McmpReply send(McmpRequest request) throws Exception {
        return registry.send(proxy, request).get(10, TimeUnit.SECONDS);
    }

    static void assertAccepted(McmpReply reply) {
        assertTrue(reply instanceof McmpReply.Ok || reply instanceof McmpReply.AppReply, reply::toString);
    }

    /** A short pause between two questions to the balancer; true, so it fits in a loop condition. */
    private static boolean pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    URI demo() {
        return balancer.proxyUri("/demo/hello");
    }

    @Test
    void routesAfterConfigEnableStatusAndStopsAfterStopAndRemove() throws Exception {
        assertEquals(404, http.get(demo()).status(), "nothing is routable before any MCMP");

        McmpReply config = send(ConfigRequest.builder(ROUTE, "127.0.0.1", backend.port(), Connector.Type.HTTP).build());
        assertAccepted(config);
        // Undertow answers ENABLE-APP with an empty 200 (httpd with an ENABLE-APP-RSP body): both are acceptance.
        assertAccepted(send(AppRequest.of(McmpCommand.ENABLE_APP, ROUTE, ALIASES, "/demo")));
        // Undertow keeps a new node in error until its first STATUS: not routable yet.
        assertEquals("NODE_DOWN", balancer.node(ROUTE).orElseThrow().status());
        assertNotEquals(200, http.get(demo()).status(), "routable before the first STATUS");

        McmpReply status = send(new StatusRequest(ROUTE, 50));
        McmpReply.StatusReply statusReply = assertInstanceOf(McmpReply.StatusReply.class, status, status::toString);
        assertTrue(statusReply.ok(), "the balancer pinged the real backend: " + status);
        assertTrue(statusReply.id().isPresent(), "Undertow's STATUS-RSP carries its id: " + status);

        Http.Answer routed = http.get(demo());
        assertEquals(200, routed.status(), routed.body());
        assertEquals("node=node1 path=/demo/hello\n", routed.body());
        assertEquals(1, backend.arrived());
        assertTrue(balancer.node(ROUTE).orElseThrow().routes("/demo"));

        // Undertow counts a proxied request until its own exchange completes, which can be a moment
        // after our client has read the whole answer: ask again (as the drain does) until it is 0.
        McmpReply.AppReply stopReply;
        long askUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        do {
            McmpReply stop = send(AppRequest.of(McmpCommand.STOP_APP, ROUTE, ALIASES, "/demo"));
            stopReply = assertInstanceOf(McmpReply.AppReply.class, stop, stop::toString);
        } while (stopReply.requests().orElse(-1) != 0 && System.nanoTime() < askUntil && pause());
        assertEquals(0, stopReply.requests().orElse(-1), "nothing in flight: " + stopReply);
        Http.Answer stopped = http.get(demo());
        assertNotEquals(200, stopped.status(), "a stopped context is not routed: " + stopped);
        assertEquals(1, backend.arrived(), "the backend saw no request after STOP-APP");

        // Enabling again routes again: it was STOP-APP, not something else, that stopped the traffic.
        send(AppRequest.of(McmpCommand.ENABLE_APP, ROUTE, ALIASES, "/demo"));
        assertEquals(200, http.get(demo()).status());
        assertEquals(2, backend.arrived());

        assertAccepted(send(AppRequest.of(McmpCommand.REMOVE_APP, ROUTE, ALIASES, "/demo")));
        Http.Answer removed = http.get(demo());
        assertNotEquals(200, removed.status(), "a removed context is not routed: " + removed);
        assertEquals(2, backend.arrived(), "the backend saw no request after REMOVE-APP");
        assertTrue(balancer.node(ROUTE).orElseThrow().context("/demo").isEmpty(), balancer.nodes().toString());
    }

    @Test
    void nodeWideRemoveForgetsTheNodeAndAStatusForItIsAnUnknownNodeError() throws Exception {
        send(ConfigRequest.builder(ROUTE, "127.0.0.1", backend.port(), Connector.Type.HTTP).build());
        send(AppRequest.of(McmpCommand.ENABLE_APP, ROUTE, ALIASES, "/demo"));
        send(new StatusRequest(ROUTE, 80));
        assertEquals(200, http.get(demo()).status());

        send(AppRequest.nodeWide(McmpCommand.REMOVE_APP, ROUTE));
        assertNotEquals(200, http.get(demo()).status());
        assertTrue(balancer.node(ROUTE).isEmpty(), "node forgotten: " + balancer.nodes());
        try (CapturedLog log = CapturedLog.capture(java.util.logging.Level.SEVERE, "io.undertow")) {
            McmpReply status = send(new StatusRequest(ROUTE, 80));
            McmpReply.ErrorReply error = assertInstanceOf(McmpReply.ErrorReply.class, status, status::toString);
            assertTrue(error.nodeUnknown(), "the agent resyncs on this reply: " + error);
            assertTrue(log.one("UT005043").contains("MEM: Can't read node"), "the balancer's own line: " + log);
        }
    }

    @Test
    void aRestartedBalancerForgetsNodesOnTheSamePortsAndAnswersWithANewId() throws Exception {
        int mcmpPort = balancer.mcmpPort();
        int proxyPort = balancer.proxyPort();
        send(ConfigRequest.builder(ROUTE, "127.0.0.1", backend.port(), Connector.Type.HTTP).build());
        send(AppRequest.of(McmpCommand.ENABLE_APP, ROUTE, ALIASES, "/demo"));
        McmpReply.StatusReply before = (McmpReply.StatusReply) send(new StatusRequest(ROUTE, 80));
        assertEquals(200, http.get(demo()).status());

        balancer.restart();
        assertEquals(2, balancer.starts());
        assertEquals(mcmpPort, balancer.mcmpPort());
        assertEquals(proxyPort, balancer.proxyPort());
        assertTrue(balancer.nodes().isEmpty());
        assertEquals(404, http.get(demo()).status(), "the restarted balancer routes nothing");

        try (CapturedLog log = CapturedLog.capture(java.util.logging.Level.SEVERE, "io.undertow")) {
            McmpReply status = send(new StatusRequest(ROUTE, 80));
            assertTrue(status instanceof McmpReply.ErrorReply e && e.nodeUnknown(), status::toString);
            assertTrue(log.one("UT005043").contains("MEM: Can't read node"), "the balancer's own line: " + log);
        }
        send(ConfigRequest.builder(ROUTE, "127.0.0.1", backend.port(), Connector.Type.HTTP).build());
        send(AppRequest.of(McmpCommand.ENABLE_APP, ROUTE, ALIASES, "/demo"));
        McmpReply.StatusReply after = (McmpReply.StatusReply) send(new StatusRequest(ROUTE, 80));
        assertNotEquals(before.id(), after.id(), "the id tells the agent the balancer restarted");
        assertEquals(200, http.await(demo(), Http.Answer::ok, WAIT).status());
    }

    @Test
    void settingsAreCheckedWithTheirNames() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> UndertowBalancer.builder().mcmpPort(70000).build());
        assertTrue(e.getMessage().startsWith("mcmpPort=70000"), e.getMessage());
        assertFalse(UndertowBalancer.builder().build().isRunning(), "build() does not start");
    }
}
