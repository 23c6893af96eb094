package org.clusteragent.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.catalina.LifecycleState;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A failing metric on a real embedded Tomcat never stops the container or the agent: an Error on
 * the metric's first call (which used to fail Tomcat's start) and a metric that hangs (which used to
 * stop STATUS silently and hang Tomcat's stop on the status lock).
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hung stop must fail the test, not the build
class FailingLoadMetricTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ROUTE = "failing-metric-node";

    @AfterEach
    void releaseMetrics() {
        HangsWhenTold.release.countDown();
    }

    @Test
    void anErrorOnTheFirstCallStopsNeitherTomcatNorStatus() throws Exception {
        ErrorOnFirstCall.calls.set(0);
        try (CapturedLog log = CapturedLog.capture();
             FakeProxy proxy = FakeProxy.start(); TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/app");
            fixture.tomcat.getServer().addLifecycleListener(listener(proxy, ErrorOnFirstCall.class));
            fixture.start();

            assertEquals(LifecycleState.STARTED, fixture.tomcat.getServer().getState());
            assertEquals("ok /app", fixture.get("/app/").body());
            proxy.awaitNode(ROUTE, WAIT);
            awaitStatuses(proxy, 2);
            assertTrue(proxy.await(() -> proxy.node(ROUTE).map(n -> n.load().equals(java.util.OptionalInt.of(40))).orElse(false), WAIT),
                    "the metric's value arrives once it works: " + proxy.nodes());
            List<String> failed = log.withId("CLAG4010");
            assertEquals(1, failed.size(), failed.toString());
            assertTrue(failed.get(0).contains("AssertionError: first call"), failed.get(0));

            fixture.tomcat.stop();
            assertTrue(proxy.await(() -> proxy.node(ROUTE).isEmpty(), WAIT), "node left: " + proxy.nodes());
        }
    }

    @Test
    void aHangingMetricHoldsNeitherStatusNorTheStop() throws Exception {
        try (CapturedLog log = CapturedLog.capture();
             FakeProxy proxy = FakeProxy.start(); TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/app");
            fixture.tomcat.getServer().addLifecycleListener(listener(proxy, HangsWhenTold.class));
            fixture.start();
            proxy.awaitNode(ROUTE, WAIT);
            awaitStatuses(proxy, 1);

            HangsWhenTold.hang = true;
            assertTrue(HangsWhenTold.hanging.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
            proxy.clearRequests();
            awaitStatuses(proxy, 3);
            List<String> outages = log.withId("CLAG2301");
            assertEquals(1, outages.size(), "one line per outage: " + outages);
            assertTrue(outages.get(0).contains("HangsWhenTold"), "says where the metric hangs: " + outages.get(0));

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> fixture.tomcat.stop(), "Tomcat's stop");
            assertTrue(proxy.await(() -> proxy.node(ROUTE).isEmpty(), WAIT), "node left: " + proxy.nodes());
            assertEquals(List.of(), log.errors(), "a hanging metric is no error of the agent");
        }
    }

    private static ClusterListener listener(FakeProxy proxy, Class<? extends LoadMetric> metric) {
        ClusterListener listener = new ClusterListener();
        listener.setProperty("proxyList", proxy.address());
        listener.setProperty("advertise", "false");
        listener.setProperty("jvmRoute", ROUTE);
        listener.setProperty("statusInterval", "0.2");
        listener.setProperty("loadMetrics", metric.getName());
        listener.setProperty("initialLoad", "-1");
        listener.setProperty("loadHistory", "0");
        return listener;
    }

    private static void awaitStatuses(FakeProxy proxy, int n) throws InterruptedException {
        assertTrue(proxy.await(() -> proxy.requests().stream().filter(r -> r.method().equals("STATUS")).count() >= n,
                WAIT), "STATUS keeps coming: " + proxy.requests());
    }

    /** Throws an Error on its first call, then reports 0.6 (load factor 40). */
    public static final class ErrorOnFirstCall implements LoadMetric {
        static final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "error-first";
        }

        @Override
        public double load(Engine engine, long nowNanos) {
            if (calls.getAndIncrement() == 0) {
                throw new AssertionError("first call");
            }
            return 0.6;
        }
    }

    /** Reports 0.5 until the test says hang; then never returns until released or interrupted. */
    public static final class HangsWhenTold implements LoadMetric {
        static volatile boolean hang;
        static final CountDownLatch hanging = new CountDownLatch(1);
        static final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "hangs";
        }

        @Override
        public double load(Engine engine, long nowNanos) throws InterruptedException {
            if (hang) {
                hanging.countDown();
                release.await();
            }
            return 0.5;
        }
    }
}
