package org.clusteragent.harness.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.clusteragent.core.fakeproxy.WireFault;
import org.clusteragent.harness.testing.Cleanup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12's stop cases on Tomcat's own distribution, not an in-memory container: demo.war in
 * {@code webapps/}, the agent in {@code lib/}, {@code catalina.sh start}, the fault, then
 * {@code catalina.sh stop} timed until the process has exited. Each case must end within a bound
 * (where the agent once let the stop wait forever), and a healthy proxy beside a broken one must
 * not list the node afterwards. Prints one line per case (the figures in docs/benchmarks.md).
 * Runs with Tomcat 10.1 and 11 (the build's two runs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class DistributionFaultStopTest {

    private static final String ROUTE = "faultstop";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Generous: every case is a few seconds of JVM shutdown plus at most a couple of socketTimeouts (2 s). */
    private static final long STOP_BOUND_MILLIS = 25_000;

    private final List<String> figures = new ArrayList<>();

    @Test
    void noFault() throws Exception {
        stopWith("no fault", Map.of(), false, p -> { });
    }

    @Test
    void oneHungProxyBesideAHealthyOne() throws Exception {
        stopWith("one proxy hung (no reply), one healthy", Map.of(), true, p -> p.hang(true));
    }

    @Test
    void aTricklingProxyWithStopContextTimeoutZero() throws Exception {
        stopWith("one proxy trickling 1 byte / 100 ms, stopContextTimeout=0", Map.of("stopContextTimeout", "0"), true,
                p -> p.wire("*", WireFault.throttle(1, Duration.ofMillis(100))));
    }

    @Test
    void aMetricThatThrowsAnErrorThenHangs() throws Exception {
        stopWith("load metric throws StackOverflowError at start, then hangs (deaf to interrupts)",
                Map.of("loadMetricClass", BrokenMetric.class.getName()), false, p -> { });
    }

    @AfterAll
    void print() {
        figures.forEach(line -> System.out.println("DistributionFaultStopTest: " + line));
    }

    /**
     * Starts Tomcat with demo.war behind a healthy fake proxy (and, with {@code broken}, a second one
     * that gets {@code fault} once the node is registered), stops it with catalina.sh and times that.
     */
    private void stopWith(String label, Map<String, String> extra, boolean broken, Consumer<FakeProxy> fault)
            throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "catalina.sh needs a POSIX shell");
        FakeProxy healthy = FakeProxy.start();
        FakeProxy other = broken ? FakeProxy.start() : null;
        TomcatDistribution tomcat = null;
        try {
            Map<String, String> listener = new LinkedHashMap<>();
            listener.put("proxyList", healthy.address() + (other != null ? "," + other.address() : ""));
            listener.put("advertise", "false");
            listener.put("jvmRoute", ROUTE);
            listener.put("statusInterval", "1");
            listener.put("socketTimeout", "2000");
            listener.putAll(extra);
            tomcat = TomcatDistribution.prepare("clusteragent-faultstop-", listener, Map.of());
            if (extra.containsKey("loadMetricClass")) {
                tomcat.installClass(BrokenMetric.class);
            }
            tomcat.deployDemoWar("demo.war", Map.of());
            tomcat.start();
            healthy.awaitContext(ROUTE, "/demo", Status.ENABLED, WAIT);
            if (other != null) {
                other.awaitContext(ROUTE, "/demo", Status.ENABLED, WAIT);
                fault.accept(other);
            }
            if (extra.containsKey("loadMetricClass")) {
                // Tomcat started despite the Error, the failure is said once, and STATUS goes on while it hangs
                int seen = statusCount(healthy);
                assertTrue(healthy.await(() -> statusCount(healthy) >= seen + 2, WAIT),
                        "STATUS goes on while the metric hangs; catalina.out:\n" + tomcat.tail());
                String log = tomcat.log();
                assertFalse(log.contains("failed to start"), "Tomcat started:\n" + tomcat.tail());
                assertTrue(log.contains("CLAG2301") && log.contains("StackOverflowError"),
                        "the failing metric is said (CLAG2301):\n" + tomcat.tail());
            }

            long start = System.nanoTime();
            tomcat.stop();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            figures.add(label + ": catalina.sh stop until the JVM exited took " + millis + " ms");

            assertTrue(millis < STOP_BOUND_MILLIS, label + ": catalina.sh stop took " + millis + " ms; catalina.out:\n"
                    + tomcat.tail());
            assertTrue(healthy.node(ROUTE).isEmpty(), label + ": the healthy proxy still lists the node: "
                    + healthy.nodes());
            String log = tomcat.log();
            assertTrue(log.contains("CLAG6006"), label + ": agent stopped cleanly (CLAG6006)\n" + tomcat.tail());
            assertFalse(log.contains("CLAG6004"), label + ": no agent failure (CLAG6004)\n" + tomcat.tail());
        } finally {
            Cleanup.closeAll(tomcat, other, healthy);
        }
    }

    private static int statusCount(FakeProxy proxy) {
        return (int) proxy.requests().stream().map(RecordedRequest::method).filter("STATUS"::equals).count();
    }
}
