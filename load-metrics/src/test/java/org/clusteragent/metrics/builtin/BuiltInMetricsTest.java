package org.clusteragent.metrics.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.clusteragent.metrics.fake.ManualClock;
import org.clusteragent.spi.testing.FakeConnector;
import org.clusteragent.spi.testing.FakeContext;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeHost;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.Test;

class BuiltInMetricsTest {

    private final FakeEngine engine = new FakeServer().engine("Catalina");
    private final ManualClock clock = new ManualClock();

    @Test
    void sessionsSumsEveryContextOfEveryHost() {
        FakeHost a = engine.host("a");
        FakeHost b = engine.host("b");
        FakeContext c1 = a.context("");
        FakeContext c2 = a.context("/shop");
        FakeContext c3 = b.context("/api");
        SessionsMetric m = new SessionsMetric();
        assertEquals(0, m.load(engine, clock.getAsLong()));
        c1.sessions.set(5);
        c2.sessions.set(7);
        c3.sessions.set(30);
        assertEquals(42, m.load(engine, clock.getAsLong()));
        assertEquals("sessions", m.name());
    }

    @Test
    void busyIsBusyOverMaxOverConnectorsThatKnowTheirMax() {
        FakeConnector http = engine.httpConnector(8080, 200);
        FakeConnector ajp = engine.httpConnector(8009, 0);
        BusyThreadsMetric m = new BusyThreadsMetric();
        http.busyThreads = 50;
        ajp.busyThreads = 999; // no max: ignored
        assertEquals(0.25, m.load(engine, 0));
        ajp.maxThreads = 200;
        ajp.busyThreads = 150;
        assertEquals(0.5, m.load(engine, 0));
    }

    @Test
    void busyWithoutAnyMaxIsNoValue() {
        engine.httpConnector(8080, 0);
        assertTrue(Double.isNaN(new BusyThreadsMetric().load(engine, 0)));
    }

    @Test
    void requestsPerSecondFromDeltasFirstSampleIsNotASpike() {
        RequestsMetric m = new RequestsMetric();
        engine.requestCount = 1_000_000; // served long before the agent started
        assertEquals(0, m.load(engine, clock.getAsLong()));
        clock.advanceSeconds(10);
        engine.requestCount += 500;
        assertEquals(50, m.load(engine, clock.getAsLong()), 1e-9);
        clock.advance(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        engine.requestCount += 100;
        assertEquals(200, m.load(engine, clock.getAsLong()), 1e-9);
        assertEquals(200, m.load(engine, clock.getAsLong()), 1e-9, "no time passed: last rate repeated");
        engine.requestCount = 10; // restarted counter
        clock.advanceSeconds(1);
        assertEquals(0, m.load(engine, clock.getAsLong()), "a reset is a new baseline, never negative");
        clock.advanceSeconds(2);
        engine.requestCount = 30;
        assertEquals(10, m.load(engine, clock.getAsLong()), 1e-9);
    }

    @Test
    void trafficIsKilobytesPerSecondEachWay() {
        TrafficMetric send = new TrafficMetric(TrafficMetric.Direction.SEND);
        TrafficMetric receive = new TrafficMetric(TrafficMetric.Direction.RECEIVE);
        assertEquals("send-traffic", send.name());
        assertEquals("receive-traffic", receive.name());
        engine.bytesSent = 4096;
        engine.bytesReceived = 999;
        assertEquals(0, send.load(engine, clock.getAsLong()));
        assertEquals(0, receive.load(engine, clock.getAsLong()));
        clock.advanceSeconds(4);
        engine.bytesSent += 4 * 1024 * 300;
        engine.bytesReceived += 4 * 1024 * 5;
        assertEquals(300, send.load(engine, clock.getAsLong()), 1e-9);
        assertEquals(5, receive.load(engine, clock.getAsLong()), 1e-9);
    }

    @Test
    void jvmMetricsGiveRatiosOrSayWhyNot() {
        double heap = new HeapMetric().load(engine, 0);
        assertTrue(heap > 0 && heap <= 1, "heap " + heap);
        PhysicalMemoryMetric memory = new PhysicalMemoryMetric();
        assertNull(memory.unavailableReason(), "HotSpot has the com.sun.management bean");
        double mem = memory.load(engine, 0);
        assertTrue(mem > 0 && mem <= 1, "memory " + mem);
        for (CpuMetric.Scope scope : CpuMetric.Scope.values()) {
            CpuMetric cpu = new CpuMetric(scope);
            assertNull(cpu.unavailableReason());
            double v = cpu.load(engine, clock.getAsLong());
            // The JDK may have no system reading on the very first call: negative, a failed sample.
            assertTrue(v <= 1, scope + " " + v);
            long spin = System.nanoTime() + 50_000_000L;
            double burn = 0;
            while (System.nanoTime() < spin) {
                burn += Math.sqrt(burn + 1);
            }
            clock.advance(60, java.util.concurrent.TimeUnit.MILLISECONDS);
            double after = cpu.load(engine, clock.getAsLong());
            assertTrue(after <= 1.0 + 1e-9 || scope == CpuMetric.Scope.PROCESS, scope + " " + after + " " + burn);
            if (scope == CpuMetric.Scope.PROCESS) {
                assertTrue(after > 0, "50 ms of spinning shows as CPU use: " + after);
            }
        }
        LoadAverageMetric avg = new LoadAverageMetric();
        if (avg.unavailableReason() == null) {
            assertTrue(avg.load(engine, 0) >= 0);
        } else {
            assertTrue(Double.isNaN(avg.load(engine, 0)));
        }
    }

    @Test
    void processCpuIsCpuTimeOverWallTimeTimesProcessors() {
        long[] cpuNanos = {5_000_000_000L};
        CpuMetric cpu = new CpuMetric(() -> cpuNanos[0], () -> 4);
        assertEquals(0, cpu.load(engine, clock.getAsLong()), "first sample: baseline only");
        clock.advanceSeconds(10);
        cpuNanos[0] += 20_000_000_000L; // 20 CPU-seconds in 10 s on 4 CPUs
        assertEquals(0.5, cpu.load(engine, clock.getAsLong()), 1e-12);
        clock.advanceSeconds(10);
        assertEquals(0, cpu.load(engine, clock.getAsLong()), 1e-12);
        cpuNanos[0] = -1;
        assertTrue(Double.isNaN(cpu.load(engine, clock.getAsLong())), "unsupported: no value");
        assertEquals("this JVM or platform does not report the process CPU time", cpu.unavailableReason());
    }

    @Test
    void rateTrackerHandlesFractionalCounts() {
        RateTracker t = new RateTracker();
        assertEquals(0, t.rate(0.5, 0));
        assertEquals(0.25, t.rate(1.0, 2_000_000_000L), 1e-12);
        assertEquals(0.25, t.rate(1.0, 1_000_000_000L), "time going back: last rate");
    }
}
