package org.clusteragent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.clusteragent.core.fakeproxy.WireFault;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeContext;
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

    /**
     * The container drives the tick (processStatusFrequency, as Tomcat's background thread does) and
     * keeps calling status(engine) while stop waits: first for a request still in flight, then for the
     * hung proxy's REMOVE-APP. From the moment stop starts, no call may send STATUS (or start a drift
     * repair's INFO) to any proxy, and the healthy proxy ends without the node.
     */
    @RepeatedTest(2)
    void containerTicksDuringTheStopAnnounceNothingAnywhere() throws Exception {
        ticksDuringTheStop(true);
    }

    /** The same with the agent's own schedule (statusInterval): its ticks go quiet once the stop begins. */
    @RepeatedTest(2)
    void ownTicksDuringTheStopAnnounceNothingAnywhere() throws Exception {
        ticksDuringTheStop(false);
    }

    private static void ticksDuringTheStop(boolean containerTicks) throws Exception {
        try (CapturedLog log = CapturedLog.capture(); FakeProxy healthy = FakeProxy.start();
             FakeProxy hung = FakeProxy.start()) {
            FakeServer server = new FakeServer();
            FakeEngine engine = server.engine("Catalina").jvmRoute("node1");
            engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
            FakeContext demo = engine.host("localhost").context("/demo").started(true);
            Map<String, String> props = new LinkedHashMap<>();
            props.put("proxyList", healthy.address() + "," + hung.address());
            props.put("socketTimeout", "1000");
            if (containerTicks) {
                props.put("processStatusFrequency", "1");
            } else {
                props.put("statusInterval", "0.1");
            }
            props.put("repairInterval", "1");
            props.put("stopContextTimeout", "10");
            ClusterAgent agent = ClusterAgent.builder().properties(props).loadProvider(new FixedLoad(80))
                    .discoveries(List.of()).registerMBean(false).build();
            try {
                agent.start(server);
                healthy.awaitContext("node1", "/demo", Status.ENABLED, Duration.ofSeconds(10));
                hung.awaitContext("node1", "/demo", Status.ENABLED, Duration.ofSeconds(10));
                if (containerTicks) {
                    agent.status(engine); // ticks work before the stop: STATUS, and (repairInterval=1) INFO
                }
                assertTrue(healthy.await(() -> methods(healthy).contains("INFO"), Duration.ofSeconds(5)),
                        methods(healthy).toString());
                hung.hang(true);
                demo.requests.set(1); // the drain waits for it
                int before = healthy.requests().size();
                int hungBefore = hung.requests().size();
                CompletableFuture<Long> stop = CompletableFuture.supplyAsync(() -> {
                    long start = System.nanoTime();
                    agent.stop(server);
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                });
                // The stop has begun once the drain's DISABLE-APP arrives; from then on, tick as Tomcat's
                // background thread would, which goes on while the stop waits.
                RecordedRequest disable = healthy.awaitRequest(r -> r.method().equals("DISABLE-APP"),
                        Duration.ofSeconds(10));
                assertTrue(disable != null, "the stop began: " + methods(healthy));
                int ticks = 0;
                long finishAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
                while (!stop.isDone()) {
                    if (containerTicks) {
                        agent.status(engine);
                    }
                    ticks++;
                    if (System.nanoTime() - finishAt > 0) {
                        demo.requests.set(0); // the request in flight ends: the drain goes on to the goodbye
                    }
                    Thread.sleep(10);
                }
                long millis = stop.get();
                // a 10 ms sleep may take 30 ms on a loaded machine: ten ticks still make the point

                List<String> during = methods(healthy).subList(before, healthy.requests().size());
                assertTrue(millis >= 600 && ticks >= 10, "the stop waited for the request in flight (" + millis
                        + " ms) while the container ticked " + ticks + " times");
                long announcing = during.stream().filter(m -> m.equals("STATUS") || m.equals("INFO")
                        || m.equals("CONFIG") || m.equals("ENABLE-APP")).count();
                assertEquals(0, announcing, (containerTicks ? "status(engine)" : "the status ticker")
                        + " after the stop began sent something; the healthy proxy got " + summary(during));
                assertTrue(during.contains("REMOVE-APP"), during.toString());
                assertTrue(healthy.node("node1").isEmpty(), "the healthy proxy still lists the node: "
                        + healthy.nodes() + "; during the stop it got " + during);
                // What reached the hung proxy from its drain's DISABLE-APP on (a tick from before the stop may
                // have gone out just before it, or be the request it hangs on).
                List<String> hungAll = methods(hung).subList(hungBefore, hung.requests().size());
                int hungDrain = hungAll.indexOf("DISABLE-APP");
                List<String> hungDuring = hungDrain < 0 ? List.of() : hungAll.subList(hungDrain, hungAll.size());
                assertEquals(0, hungDuring.stream().filter(m -> m.equals("STATUS") || m.equals("INFO")).count(),
                        "nothing that announces the node went to the hung proxy either: " + summary(hungDuring));
                assertOnlyAbout(hung, log);
            } finally {
                agent.shutdown();
            }
        }
    }

    /** Every warning is about the broken proxy (unreachable, drain gave up on it); none about drift or the healthy one. */
    private static void assertOnlyAbout(FakeProxy broken, CapturedLog log) {
        List<String> warnings = log.atLeast(Level.WARNING);
        assertTrue(!warnings.isEmpty() && warnings.stream().allMatch(w -> w.contains(broken.address())),
                "warnings other than about " + broken.address() + ": " + warnings);
    }

    /** Runs of one method, counted: [DISABLE-APP, STATUS x40, STOP-APP, …]. */
    private static String summary(List<String> methods) {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < methods.size(); ) {
            int j = i;
            while (j < methods.size() && methods.get(j).equals(methods.get(i))) {
                j++;
            }
            runs.add(methods.get(i) + (j - i > 1 ? " x" + (j - i) : ""));
            i = j;
        }
        return runs.toString();
    }

    private static List<String> methods(FakeProxy proxy) {
        return proxy.requests().stream().map(RecordedRequest::method).toList();
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
                assertOnlyAbout(broken, log);
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
