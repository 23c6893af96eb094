package org.clusteragent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.clusteragent.core.fakeproxy.WireFault;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Stopping with one broken proxy and one healthy one: stop ends within the exchange deadline even
 * when stopContextTimeout=0 means "no bound", and the healthy proxy does not list the node after
 * the goodbye, although status ticks and drift repairs (every tick here) go on while stop waits for
 * the broken proxy. Repeated because the old failure depended on timing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoodbyeTest {

    @RepeatedTest(3)
    void aHungProxyNeitherHoldsTheStopNorBringsTheNodeBackElsewhere() throws Exception {
        goodbye(hung -> hung.hang(true));
    }

    @RepeatedTest(2)
    void aTricklingProxyNeitherHoldsTheStopNorBringsTheNodeBackElsewhere() throws Exception {
        goodbye(trickling -> trickling.wire("*", WireFault.throttle(1, Duration.ofMillis(50))));
    }

    private interface Fault {
        void apply(FakeProxy proxy);
    }

    private static void goodbye(Fault fault) throws Exception {
        try (CapturedLog log = CapturedLog.capture(); FakeProxy healthy = FakeProxy.start();
             FakeProxy broken = FakeProxy.start()) {
            FakeServer server = new FakeServer();
            FakeEngine engine = server.engine("Catalina").jvmRoute("node1");
            engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
            engine.host("localhost").context("/demo").started(true);
            Map<String, String> props = new LinkedHashMap<>();
            props.put("proxyList", healthy.address() + "," + broken.address());
            props.put("socketTimeout", "1000");
            props.put("statusInterval", "0.1");
            props.put("repairInterval", "1");
            props.put("stopContextTimeout", "0");
            ClusterAgent agent = ClusterAgent.builder().properties(props).loadProvider(new FixedLoad(80))
                    .discoveries(List.of()).registerMBean(false).build();
            try {
                agent.start(server);
                healthy.awaitContext("node1", "/demo", Status.ENABLED, Duration.ofSeconds(10));
                broken.awaitContext("node1", "/demo", Status.ENABLED, Duration.ofSeconds(10));
                fault.apply(broken);

                long start = System.nanoTime();
                agent.stop(server);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < 10_000, "stop took " + millis + " ms with socketTimeout=1000");

                assertTrue(healthy.node("node1").isEmpty(), "the healthy proxy still lists the node after stop: "
                        + healthy.nodes() + "; after the goodbye it got " + afterGoodbye(healthy));
                List<String> after = afterGoodbye(healthy);
                assertEquals(List.of(), after.stream().filter(m -> !m.equals("INFO") && !m.equals("PING")).toList(),
                        "only queries may follow the goodbye");
            } finally {
                agent.shutdown();
            }
            // The broken proxy's timeout (CLAG1101), maybe the drain giving up on it (CLAG2204); nothing else.
            assertTrue(log.withId("CLAG1101").stream().anyMatch(m -> m.contains(broken.address())), log.toString());
            List<String> warnings = log.atLeast(java.util.logging.Level.WARNING);
            assertEquals(List.of(), warnings.stream().filter(m -> !m.contains(broken.address())).toList(),
                    "warnings about anything but the broken proxy");
        }
    }

    /** The methods the proxy got after the node-wide REMOVE-APP. */
    private static List<String> afterGoodbye(FakeProxy proxy) {
        List<String> after = new ArrayList<>();
        boolean gone = false;
        for (RecordedRequest r : proxy.requests()) {
            if (gone) {
                after.add(r.method());
            }
            gone |= r.method().equals("REMOVE-APP") && r.nodeWide();
        }
        return after;
    }
}
