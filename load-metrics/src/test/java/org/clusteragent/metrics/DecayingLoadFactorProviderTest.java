package org.clusteragent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.clusteragent.metrics.fake.ManualClock;
import org.clusteragent.metrics.fake.ScriptedMetric;
import org.clusteragent.spi.LoadReport;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.Test;

class DecayingLoadFactorProviderTest {

    private final ManualClock clock = new ManualClock();
    private final FakeEngine engine = new FakeServer().engine("Catalina");
    private final RecordingEvents events = new RecordingEvents();

    private DecayingLoadFactorProvider provider(LoadSettings settings) {
        return new DecayingLoadFactorProvider(settings, new boolean[settings.metrics().size()], clock, events);
    }

    private static MetricSpec spec(String name, double weight, double capacity, ScriptedMetric m) {
        return new MetricSpec(name, weight, capacity, () -> m);
    }

    private static LoadSettings settings(int history, double decay, int initialLoad, FailurePolicy policy,
                                         MetricSpec... specs) {
        return new LoadSettings(List.of(specs), history, decay, initialLoad, false, policy);
    }

    private int sample(DecayingLoadFactorProvider p) {
        clock.advanceSeconds(10);
        return p.loadFactor(engine);
    }

    @Test
    void decayMatchesHandComputedValues() {
        ScriptedMetric m = new ScriptedMetric();
        DecayingLoadFactorProvider p = provider(settings(2, 2, -1, FailurePolicy.EXCLUDE, spec("m", 1, 1, m)));
        m.set(1.0);
        assertEquals(1, sample(p), "only sample fully loaded: 100 - 100 = 0, kept at 1");
        m.set(0.0);
        // (0*1 + 1*1/2) / (1 + 1/2) = 1/3 -> 100 - 33 = 67
        assertEquals(67, sample(p));
        m.set(0.5);
        // (0.5*1 + 0*1/2 + 1*1/4) / 1.75 = 0.428571 -> 100 - 43 = 57
        assertEquals(57, sample(p));
        assertEquals(0.75 / 1.75, p.explain(engine).metrics().get(0).decayed(), 1e-12);
        m.set(0.2);
        // window of 3: the 1.0 is gone. (0.2 + 0.5/2 + 0/4) / 1.75 = 0.257143 -> 74
        assertEquals(74, sample(p));
    }

    @Test
    void decayFactorOneIsPlainAverageAndHistoryZeroIsCurrentOnly() {
        ScriptedMetric m = new ScriptedMetric();
        DecayingLoadFactorProvider avg = provider(settings(3, 1, -1, FailurePolicy.EXCLUDE, spec("m", 1, 1, m)));
        double[] values = {0.1, 0.3, 0.5, 0.7, 0.9};
        int last = 0;
        for (double v : values) {
            m.set(v);
            last = sample(avg);
        }
        assertEquals(100 - Math.round(100 * (0.3 + 0.5 + 0.7 + 0.9) / 4), last);

        ScriptedMetric n = new ScriptedMetric();
        DecayingLoadFactorProvider now = provider(settings(0, 2, 0, FailurePolicy.EXCLUDE, spec("n", 1, 1, n)));
        n.set(0.9);
        assertEquals(10, sample(now), "history 0: the ramp is pushed out by the first sample");
        n.set(0.25);
        assertEquals(75, sample(now));
    }

    @Test
    void rampStartsAsIfFullyLoadedAndReachesRealLoadAfterTheHistory() {
        ScriptedMetric idle = new ScriptedMetric();
        idle.set(0);
        DecayingLoadFactorProvider p = provider(LoadSettings.of(List.of(spec("idle", 1, 1, idle))));
        // history 9, decay 2: total weight 1.998046875; the prefilled samples (load 1) weigh the rest.
        double total = 0;
        for (int i = 0; i < 10; i++) {
            total += Math.pow(0.5, i);
        }
        List<Integer> factors = new ArrayList<>();
        for (int k = 1; k <= 11; k++) {
            double prefill = 0;
            for (int i = k; i < 10; i++) {
                prefill += Math.pow(0.5, i);
            }
            int expected = (int) Math.max(1, 100 - Math.round(100 * prefill / total));
            int actual = sample(p);
            assertEquals(expected, actual, "status " + k);
            factors.add(actual);
        }
        assertEquals(List.of(50, 75, 88, 94, 97, 99, 99, 100, 100, 100, 100), factors);
    }

    @Test
    void rampFromInitialLoadFiftyAndNoRamp() {
        ScriptedMetric idle = new ScriptedMetric();
        idle.set(0);
        DecayingLoadFactorProvider half = provider(settings(9, 2, 50, FailurePolicy.EXCLUDE, spec("i", 1, 1, idle)));
        // prefill load 0.5 over weight 0.998046875 of 1.998046875 -> 0.24976 -> 75
        assertEquals(75, sample(half));
        DecayingLoadFactorProvider none = provider(settings(9, 2, -1, FailurePolicy.EXCLUDE, spec("i", 1, 1, idle)));
        assertEquals(100, sample(none));
    }

    @Test
    void weightsAndCapacitiesCombine() {
        ScriptedMetric a = new ScriptedMetric();
        ScriptedMetric b = new ScriptedMetric();
        DecayingLoadFactorProvider p = provider(settings(0, 2, -1, FailurePolicy.EXCLUDE,
                spec("a", 3, 512, a), spec("b", 1, 1, b)));
        a.set(409.6); // 0.8 of 512
        b.set(0);
        // (3*0.8 + 1*0) / 4 = 0.6 -> 40
        assertEquals(40, sample(p));
        LoadReport r = p.explain(engine);
        assertEquals(40, r.factor());
        assertEquals(0.8, r.metrics().get(0).normalised(), 1e-12);
        assertEquals(409.6, r.metrics().get(0).raw(), 1e-12);
        assertEquals(512, r.metrics().get(0).capacity());
        assertEquals(0.75, r.metrics().get(0).share(), 1e-12);
        assertEquals(0.25, r.metrics().get(1).share(), 1e-12);
        assertEquals(3, r.metrics().get(0).weight());
    }

    @Test
    void overCapacityIsClampedAndFactorStaysInOneToHundred() {
        ScriptedMetric a = new ScriptedMetric();
        DecayingLoadFactorProvider p = provider(settings(0, 2, -1, FailurePolicy.EXCLUDE, spec("a", 1, 10, a)));
        a.set(1e9);
        assertEquals(1, sample(p));
        assertEquals(1.0, p.explain(engine).metrics().get(0).normalised());
        a.set(0);
        assertEquals(100, sample(p));
        assertEquals(1, DecayingLoadFactorProvider.toFactor(1.0));
        assertEquals(100, DecayingLoadFactorProvider.toFactor(0.0));
        assertEquals(50, DecayingLoadFactorProvider.toFactor(0.5));
        assertEquals(99, DecayingLoadFactorProvider.toFactor(0.006));
    }

    @Test
    void failedMetricIsLeftOutWeightsRenormalisedCountedAndLoggedOncePerOutage() {
        ScriptedMetric a = new ScriptedMetric();
        ScriptedMetric b = new ScriptedMetric();
        DecayingLoadFactorProvider p = provider(settings(0, 2, -1, FailurePolicy.EXCLUDE,
                spec("a", 1, 1, a), spec("b", 1, 1, b)));
        a.set(1.0);
        b.set(0.2);
        assertEquals(40, sample(p)); // (1 + 0.2) / 2 = 0.6
        a.fail(new IllegalStateException("pool gone"));
        assertEquals(80, sample(p), "a left out: only b's 0.2 counts");
        LoadReport r = p.explain(engine);
        assertTrue(r.metrics().get(0).failed());
        assertEquals(0, r.metrics().get(0).share());
        assertEquals(1.0, r.metrics().get(1).share());
        assertTrue(Double.isNaN(r.metrics().get(0).raw()));
        a.set(Double.NaN);
        assertEquals(80, sample(p));
        a.set(-3);
        assertEquals(80, sample(p));
        assertEquals(3, p.failures("Catalina", 0));
        assertEquals(List.of("failed:a:threw java.lang.IllegalStateException: pool gone"), events.events);
        a.set(0.6);
        assertEquals(60, sample(p)); // (0.6 + 0.2) / 2
        assertEquals("recovered:a:3", events.events.get(1));
        assertFalse(p.explain(engine).metrics().get(0).failed());
        a.set(Double.NaN);
        sample(p);
        assertEquals("failed:a:returned NaN", events.events.get(2), "a new outage is logged again");
    }

    @Test
    void assumeBusyAndLastValuePolicies() {
        ScriptedMetric a = new ScriptedMetric();
        ScriptedMetric b = new ScriptedMetric();
        DecayingLoadFactorProvider busy = provider(settings(0, 2, -1, FailurePolicy.ASSUME_BUSY,
                spec("a", 1, 1, a), spec("b", 1, 1, b)));
        b.set(0.2);
        a.fail(new RuntimeException("x"));
        assertEquals(40, sample(busy), "a counted as 1.0: (1 + 0.2) / 2");
        assertTrue(busy.explain(engine).metrics().get(0).failed());

        ScriptedMetric c = new ScriptedMetric();
        ScriptedMetric d = new ScriptedMetric();
        DecayingLoadFactorProvider last = provider(settings(0, 2, -1, FailurePolicy.LAST_VALUE,
                spec("c", 1, 1, c), spec("d", 1, 1, d)));
        d.set(0.2);
        c.fail(new RuntimeException("never worked"));
        assertEquals(80, sample(last), "no last value yet: left out");
        c.set(0.6);
        assertEquals(60, sample(last));
        c.set(-1);
        assertEquals(60, sample(last), "0.6 repeated");
    }

    @Test
    void lastValueNeverRepeatsTheRampsPrefill() {
        ScriptedMetric c = new ScriptedMetric();
        ScriptedMetric d = new ScriptedMetric();
        DecayingLoadFactorProvider last = provider(settings(0, 2, 0, FailurePolicy.LAST_VALUE,
                spec("c", 1, 1, c), spec("d", 1, 1, d)));
        d.set(0.2);
        c.fail(new RuntimeException("never worked"));
        assertEquals(80, sample(last), "the prefilled 'fully loaded' is not a value of c's");
    }

    @Test
    void metricThatCannotBeCreatedForAnEngineIsLeftOutAndLoadFactorDoesNotThrow() {
        ScriptedMetric b = new ScriptedMetric();
        b.set(0.4);
        MetricSpec broken = new MetricSpec("broken", 1, 1, () -> {
            throw new IllegalStateException("no");
        });
        DecayingLoadFactorProvider p = provider(settings(0, 2, -1, FailurePolicy.EXCLUDE, broken,
                spec("b", 1, 1, b)));
        assertEquals(60, sample(p));
        assertEquals(List.of("failed:broken:could not be created: java.lang.IllegalStateException: no"),
                events.events);
    }

    @Test
    void whenEveryMetricFailsThePreviousFactorIsRepeated() {
        ScriptedMetric a = new ScriptedMetric();
        DecayingLoadFactorProvider p = provider(settings(0, 2, 30, FailurePolicy.EXCLUDE, spec("a", 1, 1, a)));
        a.fail(new RuntimeException("down"));
        assertEquals(30, sample(p), "before any value: the ramp's start");
        a.set(0.25);
        assertEquals(75, sample(p));
        a.fail(new RuntimeException("down"));
        assertEquals(75, sample(p));
        assertEquals(75, sample(p));
        assertEquals(List.of("allOut:-1", "allOut:75"),
                events.events.stream().filter(e -> e.startsWith("allOut")).toList(),
                "logged once at the start of each outage, with the factor kept");
    }

    @Test
    void unavailableMetricIsNeverCalledAndLeftOut() {
        ScriptedMetric a = new ScriptedMetric();
        ScriptedMetric b = new ScriptedMetric();
        b.set(0.5);
        LoadSettings s = settings(0, 2, -1, FailurePolicy.EXCLUDE, spec("a", 1, 1, a), spec("b", 1, 1, b));
        DecayingLoadFactorProvider p = new DecayingLoadFactorProvider(s, new boolean[] {true, false}, clock, events);
        assertEquals(50, sample(p));
        assertEquals(0, a.calls());
        assertTrue(p.isUnavailable(0));
        assertTrue(p.explain(engine).metrics().get(0).failed());
        assertTrue(events.events.isEmpty(), "announced once at start by the factory, not per sample");
    }

    @Test
    void hotStandbyAlwaysReportsZeroButStillExplains() {
        ScriptedMetric a = new ScriptedMetric();
        a.set(0.3);
        LoadSettings s = new LoadSettings(List.of(spec("a", 1, 1, a)), 9, 2, 0, true, FailurePolicy.EXCLUDE);
        DecayingLoadFactorProvider p = provider(s);
        assertEquals(0, sample(p));
        assertEquals(0, sample(p));
        assertEquals(0.3, p.explain(engine).metrics().get(0).normalised(), 1e-12);
    }

    @Test
    void explainIsEmptyBeforeFirstFactorAndEnginesAreSeparate() {
        ScriptedMetric a = new ScriptedMetric();
        a.set(0.5);
        DecayingLoadFactorProvider p = provider(settings(0, 2, -1, FailurePolicy.EXCLUDE, spec("a", 1, 1, a)));
        assertSame(LoadReport.EMPTY, p.explain(engine));
        assertEquals(-1, p.lastFactor("Catalina"));
        sample(p);
        assertEquals(50, p.lastFactor("Catalina"));
        FakeEngine other = new FakeServer().engine("Other");
        assertSame(LoadReport.EMPTY, p.explain(other));
        assertEquals(-1, p.lastFactor("Other"));
        assertEquals("factor=50 [a raw=0.5000 cap=1 norm=0.5000 decayed=0.5000 weight=1 share=1]",
                p.explain(engine).describe());
    }
}
