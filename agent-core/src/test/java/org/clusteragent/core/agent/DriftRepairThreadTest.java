package org.clusteragent.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.clusteragent.core.config.AgentConfig;
import org.clusteragent.core.config.ConfigParser;
import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.proxy.ProxyRegistry;
import org.clusteragent.core.proxy.ProxySettings;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeContext;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drift repair is planned on the ticking thread, outside the node's lock, with the local address
 * towards the proxy worked out once; a repair that fails is logged and does not stop the next one.
 * The container drives the tick here (processStatusFrequency), so each step is one explicit tick.
 */
@Timeout(60)
class DriftRepairThreadTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void repairIsPlannedOffTheLaneOutsideTheLockAndAFailureIsLogged() throws Exception {
        FakeServer server = new FakeServer();
        FakeEngine engine = server.engine("Catalina").jvmRoute("node1");
        Connector connector = engine.connector("0.0.0.0", 8080, Connector.Type.HTTP); // the proxy-facing address is looked up
        FakeContext demo = engine.host("localhost").context("/demo").started(true);
        NodeModel node = new NodeModel(engine, "node1", connector);
        node.put(demo, AppState.ENABLED);

        List<String> lookups = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(1);
        LocalAddresses addresses = new LocalAddresses(proxy -> {
            lookups.add(Thread.currentThread().getName() + (Thread.holdsLock(node) ? " holding the node's lock" : ""));
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("no route towards " + proxy);
            }
            return InetAddress.getLoopbackAddress();
        });

        try (CapturedLog log = CapturedLog.capture(); FakeProxy fake = FakeProxy.start();
             ProxyRegistry registry = new ProxyRegistry(ProxySettings.builder().probeInterval(Duration.ZERO).build(),
                     (lane, reason) -> lane.exchange(org.clusteragent.core.mcmp.PingRequest.bare()))) {
            AgentConfig config = ConfigParser.parse(Map.of("processStatusFrequency", "1", "repairInterval", "1"),
                    Set.of());
            StatusReporter status = new StatusReporter(() -> List.of(node), new FixedLoad(80), config, () -> registry,
                    addresses);
            registry.add(new ProxyAddress(fake.host(), fake.port(), false));
            registry.start();
            // the listener above only PINGs: the proxy answers (OK) but never hears of the node
            assertTrue(fake.await(() -> registry.snapshot().get(0).state() == org.clusteragent.core.proxy.ProxyState.OK,
                    WAIT), registry.snapshot().toString());

            status.ticked(); // INFO: the node is unknown
            awaitInfo(fake, 1);
            // A later tick plans the repair: the lookup fails, is logged; another INFO goes out. The fake
            // having the INFO does not mean its reply reached the agent yet, so tick until it did.
            boolean failed = false;
            for (int tick = 0; tick < 50 && !failed; tick++) {
                status.ticked();
                failed = fake.await(() -> log.withId("CLAG1205").size() == 1, Duration.ofMillis(200));
            }
            assertTrue(failed, log.messages().toString());
            // later ticks plan the replies that came meanwhile: this time the lookup works
            boolean repaired = false;
            for (int tick = 0; tick < 50 && !repaired; tick++) {
                status.ticked();
                repaired = fake.await(() -> fake.context("node1", "/demo").map(c -> c.status() == Status.ENABLED)
                        .orElse(false), Duration.ofMillis(200));
            }
            assertTrue(repaired, "never repaired: " + fake.requests());
            assertEquals("127.0.0.1", fake.node("node1").orElseThrow().host());
            for (int tick = 0; tick < 3; tick++) {
                status.ticked();
                awaitInfo(fake, 3 + tick);
            }
            assertEquals(2, lookups.size(), "one failed lookup, then the address is kept: " + lookups);
            for (String lookup : lookups) {
                assertFalse(lookup.startsWith("clusteragent-proxy"), "planned on a lane: " + lookup);
                assertFalse(lookup.contains("lock"), lookup);
            }
            status.stop();
        }
    }

    private static void awaitInfo(FakeProxy fake, int count) throws InterruptedException {
        assertTrue(fake.await(() -> fake.requests().stream().filter(r -> r.method().equals("INFO")).count() >= count,
                WAIT), "INFO #" + count + " not sent: " + fake.requests());
    }
}
