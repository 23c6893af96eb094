package org.clusteragent.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.clusteragent.metrics.fake.ManualClock;
import org.clusteragent.spi.testing.FakeConnector;
import org.clusteragent.spi.testing.FakeContext;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.Test;

/**
 * Guards "allocates nothing per status in steady state" in the ordinary test run (the JMH benchmark
 * measures it too, but is not run by the build): the thread's allocated-byte counter must not move
 * over many statuses once the engine's state exists.
 */
class SteadyStateAllocationTest {

    @Test
    void computingTheFactorAllocatesNothingOnceWarm() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        FakeEngine engine = new FakeServer().engine("Catalina");
        FakeContext ctx = engine.host("localhost").context("/shop");
        FakeConnector http = engine.httpConnector(8080, 200);
        ManualClock clock = new ManualClock();
        DecayingLoadFactorProvider p = new DecayingLoadFactorProviderFactory().createProvider(Map.of(
                "loadMetrics", "busy(weight=2), sessions(capacity=1000), requests(capacity=500), "
                        + "send-traffic(capacity=1000), receive-traffic(capacity=1000), heap, cpu, "
                        + "sessions(capacity=10)"), clock);
        int sink = 0;
        for (int i = 0; i < 200; i++) {
            sink += step(p, engine, ctx, http, clock, i);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 5000; i++) {
            sink += step(p, engine, ctx, http, clock, i);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // A little slack for the counter call itself; one allocation per status would be >= 80 KB.
        assertTrue(allocated < 2048, allocated + " bytes over 5000 statuses (sink " + sink + ")");
    }

    private static int step(DecayingLoadFactorProvider p, FakeEngine engine, FakeContext ctx, FakeConnector http,
                            ManualClock clock, int i) {
        clock.advance(10, java.util.concurrent.TimeUnit.SECONDS);
        http.busyThreads = i % 200;
        ctx.sessions.set(i % 1000);
        engine.requestCount += i % 97;
        engine.bytesSent += i * 31L;
        engine.bytesReceived += i * 7L;
        return p.loadFactor(engine);
    }
}
