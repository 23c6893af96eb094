package org.clusteragent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.WireFault;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeContext;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A context's drain with two fake proxies, one of them at fault: a proxy that does not finish its
 * STOP-APP reply is given up at its deadline (socketTimeout) instead of holding the drain for the whole
 * stopContextTimeout, and a proxy that already said {@code Requests=0} is not asked again while
 * the other one still counts requests. (Since the lanes end every exchange at socketTimeout, the
 * first case also holds without the drain's own per-proxy deadline; that deadline covers a
 * request still queued behind other slow exchanges, which the second case tests: it fails without it.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DrainProxyFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeProxy healthy = FakeProxy.start();
    private final FakeProxy faulty = FakeProxy.start();
    private final List<ClusterAgent> agents = new ArrayList<>();
    private final FakeServer server = new FakeServer();
    /** Open for the whole test: the faulty proxy's warnings may come after the drain, until the agent stops. */
    private final CapturedLog log = CapturedLog.capture();
    private final FakeContext demo;

    DrainProxyFaultsTest() {
        FakeEngine engine = server.engine("Catalina").jvmRoute("node1");
        engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
        demo = engine.host("localhost").context("/demo");
    }

    @AfterEach
    void tearDown() {
        try {
            agents.forEach(ClusterAgent::shutdown);
            healthy.close();
            faulty.close();
            assertEquals(List.of(), log.atLeast(java.util.logging.Level.WARNING).stream()
                    .filter(m -> !m.contains(faulty.address())).toList(), "warnings about anything but the faulty proxy");
        } finally {
            log.close();
        }
    }

    private ClusterAgent startedAgent(String... keyValues) throws InterruptedException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("proxyList", healthy.address() + "," + faulty.address());
        props.put("sessionDrainingStrategy", "NEVER");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        ClusterAgent agent = ClusterAgent.builder().properties(props).loadProvider(new FixedLoad(80))
                .discoveries(List.of()).registerMBean(false).build();
        agents.add(agent);
        agent.start(server);
        healthy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
        faulty.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
        return agent;
    }

    private static long stopApps(FakeProxy proxy) {
        return proxy.requests().stream().filter(r -> r.method().equals("STOP-APP")).count();
    }

    @Test
    void aProxyThatDoesNotAnswerIsGivenUpAtItsDeadline() throws Exception {
        ClusterAgent agent = startedAgent("socketTimeout", "2000", "stopContextTimeout", "120");
        // Answers STOP-APP one byte every 500 ms: each read is within socketTimeout, the reply is not.
        faulty.wire("STOP-APP", WireFault.throttle(1, Duration.ofMillis(500)));
        long t0 = System.nanoTime();
        agent.stop(demo);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        // Generous (six times the proxy's deadline), yet far below the 120 s stopContextTimeout.
        assertTrue(millis < 12_000, "the drain ended " + millis + " ms after it began, not at stopContextTimeout");
        healthy.awaitContext("node1", "/demo", Status.STOPPED, WAIT);
        // The drain giving up on it (CLAG2204) or its lane timing out first (CLAG1101), whichever comes first.
        assertTrue(log.atLeast(java.util.logging.Level.WARNING).stream().anyMatch(m -> m.contains(faulty.address())),
                "the faulty proxy is named: " + log);
    }

    /**
     * The drain's own per-proxy deadline, which the lanes' exchange deadline does not give: a proxy
     * that answers every command slowly but within socketTimeout never fails an exchange, yet the
     * STOP-APPs of a server stop's many drains queue behind each other on its lane (10 contexts:
     * 20 replies of ~1.5 s each, some 30 s for the last). Each drain gives up on it socketTimeout
     * after asking, so the stop ends long before.
     */
    @Test
    void aProxyAnsweringOnlyBehindItsQueueIsGivenUpAtTheDrainsDeadline() throws Exception {
        FakeEngine engine = (FakeEngine) server.engines().get(0);
        for (int i = 1; i < 10; i++) {
            engine.host("localhost").context("/app" + i).started(true);
        }
        demo.started(true);
        ClusterAgent agent = startedAgent("socketTimeout", "4000", "stopContextTimeout", "120");
        for (int i = 1; i < 10; i++) {
            faulty.awaitContext("node1", "/app" + i, Status.ENABLED, WAIT);
        }
        // about 200 bytes per STOP-APP reply, one every 8 ms: ~1.6 s, within the 4 s deadline
        faulty.wire("*", WireFault.throttle(1, Duration.ofMillis(8)));
        long millis;
        try (CapturedLog log = CapturedLog.capture()) {
            long t0 = System.nanoTime();
            agent.stop(server);
            millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(log.withId("CLAG2204").stream().allMatch(w -> w.contains(faulty.address()))
                    && !log.withId("CLAG2204").isEmpty(), "the drains said they gave up on the slow proxy: " + log);
        }
        assertTrue(millis < 20_000, "the stop took " + millis + " ms: the drains waited for the slow proxy's queue");
        assertTrue(healthy.node("node1").isEmpty(), "the healthy proxy got the goodbye: " + healthy.nodes());
    }

    @Test
    void aProxyThatSaidRequestsZeroIsNotAskedAgain() throws Exception {
        ClusterAgent agent = startedAgent("stopContextTimeout", "30");
        healthy.setInFlight("node1", "/demo", 0);
        AtomicInteger asked = new AtomicInteger();
        // The faulty proxy still counts a request for its first three STOP-APPs, then none.
        faulty.setInFlight("node1", "/demo", () -> asked.incrementAndGet() <= 3 ? 1 : 0);
        agent.stop(demo);
        assertTrue(stopApps(faulty) >= 4, "the proxy that counted requests was asked until it said 0: " + stopApps(faulty));
        assertEquals(1, stopApps(healthy), "the proxy that said Requests=0 was asked once");
    }
}
