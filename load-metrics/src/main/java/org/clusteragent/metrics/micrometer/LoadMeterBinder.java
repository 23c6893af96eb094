package org.clusteragent.metrics.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.clusteragent.metrics.DecayingLoadFactorProvider;

/**
 * Exposes one engine's load as Micrometer meters. Names are stable (documented in
 * {@code docs/load-metrics.md}):
 * <ul>
 * <li>{@value #FACTOR} (gauge, tag {@code engine}): the last load factor, 0..100; NaN before the first;</li>
 * <li>{@value #NORMALISED} (gauge, tags {@code engine}, {@code metric}): each metric's last normalised
 * value 0..1 (raw / capacity, clamped); NaN when its last sample failed;</li>
 * <li>{@value #FAILURES} (function counter, tags {@code engine}, {@code metric}): failed samples.</li>
 * </ul>
 * The meters read the provider's last values and never sample metrics themselves. The binder holds
 * the provider strongly. Use only when Micrometer is on the class path. Thread-safe.
 */
public final class LoadMeterBinder implements MeterBinder {

    /** Gauge of the load factor. */
    public static final String FACTOR = "clusteragent.load.factor";
    /** Gauge of each metric's normalised value. */
    public static final String NORMALISED = "clusteragent.load.metric.normalised";
    /** Counter of each metric's failed samples. */
    public static final String FAILURES = "clusteragent.load.metric.failures";

    private final DecayingLoadFactorProvider provider;
    private final String engine;

    /**
     * @param provider   the provider whose last values are exposed
     * @param engineName the engine whose values are exposed (the name the adapter's Engine reports)
     */
    public LoadMeterBinder(DecayingLoadFactorProvider provider, String engineName) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.engine = Objects.requireNonNull(engineName, "engineName");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        register(registry, Tags.empty());
    }

    /**
     * Registers the meters with {@code extraTags} besides their own (the agent adds {@code node}, so
     * that two agents in one JVM with engines of the same name keep apart) and returns exactly the
     * meters registered, for the caller to remove later.
     */
    public List<Meter> register(MeterRegistry registry, Tags extraTags) {
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder(FACTOR, provider, p -> {
            int f = p.lastFactor(engine);
            return f < 0 ? Double.NaN : f;
        }).tags(extraTags.and("engine", engine)).description("Load factor sent to proxies (100 = idle, 1 = busiest)")
                .strongReference(true).register(registry));
        List<String> names = provider.metricNames();
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            Tags tags = extraTags.and("engine", engine, "metric", names.get(i));
            meters.add(Gauge.builder(NORMALISED, provider, p -> p.lastNormalised(engine, index)).tags(tags)
                    .description("Last sample of the load metric divided by its capacity, 0..1")
                    .strongReference(true).register(registry));
            meters.add(FunctionCounter.builder(FAILURES, provider, p -> p.failures(engine, index)).tags(tags)
                    .description("Samples of the load metric that failed").register(registry));
        }
        return meters;
    }
}
