package org.clusteragent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.clusteragent.metrics.fake.ManualClock;
import org.clusteragent.metrics.fake.ScriptedMetric;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.Test;

/**
 * What a metric may do to the provider: any Throwable but a VirtualMachineError is a failed sample
 * for the failure policy; a VirtualMachineError propagates; a sample over the budget is left out
 * from then on, said once. Time comes from a manual clock the metric advances, so nothing sleeps.
 */
class MetricFailureContainmentTest {

    private final ManualClock clock = new ManualClock();
    private final FakeEngine engine = new FakeServer().engine("Catalina");
    private final RecordingEvents events = new RecordingEvents();
    private final ScriptedMetric steady = new ScriptedMetric();
    private final Misbehaving bad = new Misbehaving();

    private DecayingLoadFactorProvider provider() {
        LoadSettings settings = new LoadSettings(List.of(new MetricSpec("bad", 1, 1, () -> bad),
                new MetricSpec("steady", 1, 1, () -> steady)), 0, 2, -1, false, FailurePolicy.EXCLUDE);
        return new DecayingLoadFactorProvider(settings, new boolean[2], clock, events);
    }

    @Test
    void anErrorOfTheMetricIsAFailedSample() {
        DecayingLoadFactorProvider p = provider();
        steady.set(0.5);
        bad.throwing = new AssertionError("metric bug");
        assertEquals(50, p.loadFactor(engine), "the steady metric alone");
        bad.throwing = new NoClassDefFoundError("com/example/Gone");
        assertEquals(50, p.loadFactor(engine));
        bad.throwing = null;
        bad.value = 0.1;
        assertEquals(70, p.loadFactor(engine), "both again: (0.1 + 0.5) / 2");
        assertEquals(List.of("failed:bad:threw java.lang.AssertionError: metric bug", "recovered:bad:2"),
                events.events);
        assertTrue(p.explain(engine).metrics().stream().noneMatch(LoadReportLine::failed));
    }

    @Test
    void aVirtualMachineErrorPropagates() {
        DecayingLoadFactorProvider p = provider();
        steady.set(0.5);
        VirtualMachineError oom = new OutOfMemoryError("test");
        bad.throwing = oom;
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> p.loadFactor(engine)));
        StackOverflowError deep = new StackOverflowError();
        bad.throwing = deep;
        assertSame(deep, assertThrows(StackOverflowError.class, () -> p.loadFactor(engine)));
    }

    @Test
    void aMetricOverItsBudgetIsLeftOutFromThenOnAndSaidOnce() {
        DecayingLoadFactorProvider p = provider();
        steady.set(0.5);
        bad.value = 0.1;
        assertEquals(70, p.loadFactor(engine));
        bad.takesMillis = LoadSettings.METRIC_BUDGET.toMillis() + 500;
        assertEquals(50, p.loadFactor(engine), "the slow sample is discarded");
        bad.takesMillis = 0;
        assertEquals(50, p.loadFactor(engine), "and the metric is not asked again");
        assertEquals(50, p.loadFactor(engine));
        assertEquals(2, bad.calls, "called before and during the slow sample only");
        assertEquals(List.of("tooSlow:bad:1500"), events.events);
        assertTrue(p.explain(engine).metrics().get(0).failed());
        assertEquals(1, p.failures("Catalina", 0));
    }

    /** Shortens {@code report.metrics().stream().noneMatch(m -> m.failed())}. */
    private interface LoadReportLine {
        static boolean failed(org.clusteragent.spi.LoadReport.MetricReport m) {
            return m.failed();
        }
    }

    /** A metric that throws what the test set, or takes as long as it says on the manual clock. */
    private final class Misbehaving implements LoadMetric {
        volatile Throwable throwing;
        volatile double value;
        volatile long takesMillis;
        int calls;

        @Override
        public String name() {
            return "bad";
        }

        @Override
        public double load(Engine e, long nowNanos) throws Exception {
            calls++;
            clock.advance(takesMillis, TimeUnit.MILLISECONDS);
            Throwable t = throwing;
            if (t instanceof Error error) {
                throw error;
            }
            if (t instanceof Exception exception) {
                throw exception;
            }
            return value;
        }
    }
}
