package org.clusteragent.metrics.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.clusteragent.metrics.DecayingLoadFactorProvider;
import org.clusteragent.metrics.DecayingLoadFactorProviderFactory;
import org.clusteragent.metrics.fake.ManualClock;
import org.clusteragent.spi.LoadReport;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicrometerMetricTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ManualClock clock = new ManualClock();
    private final FakeEngine engine = new FakeServer().engine("Catalina");

    @AfterEach
    void resetHook() {
        MicrometerRegistries.reset();
    }

    private MicrometerMetric metric(String name, String... tags) {
        return new MicrometerMetric(name, Tags.of(tags), () -> registry);
    }

    @Test
    void gaugeValueMatchedByNameAndTags() {
        AtomicInteger main = registry.gauge("db.pool.active", Tags.of("pool", "main"), new AtomicInteger(7));
        registry.gauge("db.pool.active", Tags.of("pool", "batch"), new AtomicInteger(40));
        MicrometerMetric m = metric("db.pool.active", "pool", "main");
        assertEquals(7, m.load(engine, clock.getAsLong()));
        main.set(12);
        assertEquals(12, m.load(engine, clock.getAsLong()));
        assertEquals("micrometer:db.pool.active", m.name());
    }

    @Test
    void counterTimerAndSummaryGiveRatesPerSecond() {
        Counter c = registry.counter("jobs.done");
        Timer t = registry.timer("http.calls");
        DistributionSummary s = registry.summary("payload");
        MicrometerMetric cm = metric("jobs.done");
        MicrometerMetric tm = metric("http.calls");
        MicrometerMetric sm = metric("payload");
        c.increment(1000);
        t.record(Duration.ofMillis(3));
        assertEquals(0, cm.load(engine, clock.getAsLong()), "first sample sets the baseline");
        assertEquals(0, tm.load(engine, clock.getAsLong()));
        assertEquals(0, sm.load(engine, clock.getAsLong()));
        clock.advanceSeconds(5);
        c.increment(50);
        for (int i = 0; i < 20; i++) {
            t.record(Duration.ofMillis(1));
            s.record(100);
        }
        assertEquals(10, cm.load(engine, clock.getAsLong()), 1e-9);
        assertEquals(4, tm.load(engine, clock.getAsLong()), 1e-9);
        assertEquals(4, sm.load(engine, clock.getAsLong()), 1e-9);
    }

    @Test
    void longTaskTimerCountsActiveTasks() {
        LongTaskTimer ltt = registry.more().longTaskTimer("imports");
        LongTaskTimer.Sample a = ltt.start();
        ltt.start();
        MicrometerMetric m = metric("imports");
        assertEquals(2, m.load(engine, 0));
        a.stop();
        assertEquals(1, m.load(engine, 0));
    }

    @Test
    void missingMeterFailsNamingItUntilItAppears() {
        MicrometerMetric m = metric("queue.depth", "queue", "orders");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.load(engine, 0));
        assertEquals("no meter named queue.depth with tags [tag(queue=orders)] in SimpleMeterRegistry",
                e.getMessage());
        registry.gauge("queue.depth", Tags.of("queue", "orders", "extra", "x"), new AtomicInteger(3));
        assertEquals(3, m.load(engine, 0), "found once registered; extra tags are fine");
    }

    @Test
    void configuredThroughLoadMetricsWithTheRegistryHook() {
        MicrometerRegistries.use(registry);
        AtomicInteger active = registry.gauge("db.pool.active", Tags.of("pool", "main", "region", "eu"),
                new AtomicInteger(25));
        DecayingLoadFactorProvider p = new DecayingLoadFactorProviderFactory().createProvider(Map.of(
                "loadMetrics", "micrometer(name=db.pool.active, tags=pool:main;region:eu, capacity=50)",
                "initialLoad", "-1", "loadHistory", "0"), clock);
        assertEquals(50, p.loadFactor(engine));
        active.set(40);
        assertEquals(20, p.loadFactor(engine));
        LoadReport.MetricReport r = p.explain(engine).metrics().get(0);
        assertEquals("micrometer:db.pool.active", r.name());
        assertEquals(40, r.raw());
        assertEquals(50, r.capacity());
        assertEquals(0.8, r.normalised(), 1e-12);
    }

    @Test
    void defaultRegistryIsTheGlobalOne() {
        assertTrue(MicrometerRegistries.current() == io.micrometer.core.instrument.Metrics.globalRegistry);
        MicrometerRegistries.use(registry);
        assertTrue(MicrometerRegistries.current() == registry);
    }

    @Test
    void binderExposesFactorNormalisedValuesAndFailures() {
        MicrometerRegistries.use(registry);
        AtomicInteger q = registry.gauge("queue.depth", new AtomicInteger(30));
        DecayingLoadFactorProvider p = new DecayingLoadFactorProviderFactory().createProvider(Map.of(
                "loadMetrics", "micrometer(name=queue.depth, capacity=100), micrometer(name=absent)",
                "initialLoad", "-1", "loadHistory", "0"), clock);
        SimpleMeterRegistry exposed = new SimpleMeterRegistry();
        new LoadMeterBinder(p, "Catalina").bindTo(exposed);
        assertTrue(Double.isNaN(exposed.get(LoadMeterBinder.FACTOR).tag("engine", "Catalina").gauge().value()));
        try (CapturedLog log = CapturedLog.capture()) {
            assertEquals(70, p.loadFactor(engine));
            assertTrue(log.one("CLAG4010").contains("'micrometer:absent' of engine Catalina threw"), log.toString());
        }
        assertEquals(List.of("micrometer:queue.depth", "micrometer:absent"), p.metricNames());
        assertEquals(70, exposed.get(LoadMeterBinder.FACTOR).tag("engine", "Catalina").gauge().value());
        assertEquals(0.3, exposed.get(LoadMeterBinder.NORMALISED).tag("metric", "micrometer:queue.depth")
                .gauge().value(), 1e-12);
        assertTrue(Double.isNaN(exposed.get(LoadMeterBinder.NORMALISED).tag("metric", "micrometer:absent")
                .gauge().value()));
        q.set(60);
        p.loadFactor(engine);
        assertEquals(40, exposed.get(LoadMeterBinder.FACTOR).gauge().value());
        assertEquals(2, exposed.get(LoadMeterBinder.FAILURES).tag("metric", "micrometer:absent")
                .functionCounter().count());
        assertEquals(0, exposed.get(LoadMeterBinder.FAILURES).tag("metric", "micrometer:queue.depth")
                .functionCounter().count());
    }
}
