package org.clusteragent.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadFactorProvider;
import org.clusteragent.spi.LoadReport;

/**
 * The load factor from any mix of weighted metrics with time decay, compatible with mod_cluster's
 * dynamic provider. Per status and metric: {@code normalised = min(1, raw / capacity)}; the metric's
 * decayed value is the mean of its last {@code history + 1} normalised samples weighted
 * {@code 1/decayFactor^i} (i = 0 for the newest); the load is the weighted mean of the decayed values
 * over the metrics that have one; the factor is {@code 100 - round(100 * load)} kept in 1..100, or
 * always 0 in hot standby.
 *
 * <p><b>Ramp.</b> With {@code initialLoad} = L in 0..100, every metric's history starts full of
 * samples worth the factor L (normalised {@code 1 - L/100}); real samples push them out one per
 * status, so a new idle node reports a factor that climbs towards its real one and reaches it after
 * {@code history + 1} statuses. L = 0 (the default) starts as if fully loaded; L = -1 turns the ramp
 * off (the history starts empty). These are mod_cluster's semantics.
 *
 * <p><b>Failures</b> follow the {@link FailurePolicy}; when no metric has a value, the previous
 * factor is repeated (before any, the ramp's start, {@code max(1, initialLoad)}; 1 without ramp).
 *
 * <p>Each engine (by name) gets its own metric instances and history. Steady-state sampling allocates
 * nothing. {@link #loadFactor} is called by one thread at a time, as the SPI says; the read-only
 * accessors used by self-metrics may be called from any thread.
 */
public final class DecayingLoadFactorProvider implements LoadFactorProvider {

    private final LoadSettings settings;
    private final LongSupplier nanoClock;
    private final LoadEvents events;
    private final boolean[] unavailable;
    private final double[] decayWeights;
    private final double[] decayPrefix;
    private final List<String> metricNames;
    private final Map<String, EngineLoadState> states = new ConcurrentHashMap<>();
    private Engine lastEngine;
    private EngineLoadState lastState;

    /**
     * @param settings    the validated configuration
     * @param unavailable per metric, true when it cannot work on this platform (left out for good)
     * @param nanoClock   monotonic nanoseconds handed to the metrics
     */
    public DecayingLoadFactorProvider(LoadSettings settings, boolean[] unavailable, LongSupplier nanoClock) {
        this(settings, unavailable, nanoClock, LoadEvents.LOGGING);
    }

    DecayingLoadFactorProvider(LoadSettings settings, boolean[] unavailable, LongSupplier nanoClock,
                               LoadEvents events) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.events = Objects.requireNonNull(events, "events");
        if (unavailable.length != settings.metrics().size()) {
            throw new IllegalArgumentException("unavailable has " + unavailable.length + " entries for "
                    + settings.metrics().size() + " metrics");
        }
        this.unavailable = unavailable.clone();
        int window = settings.window();
        this.decayWeights = new double[window];
        this.decayPrefix = new double[window + 1];
        double w = 1;
        for (int i = 0; i < window; i++) {
            decayWeights[i] = w;
            decayPrefix[i + 1] = decayPrefix[i] + w;
            w /= settings.decayFactor();
        }
        List<String> names = new ArrayList<>();
        for (MetricSpec spec : settings.metrics()) {
            names.add(spec.name());
        }
        this.metricNames = Collections.unmodifiableList(names);
    }

    @Override
    public int loadFactor(Engine engine) {
        EngineLoadState state = stateOf(engine);
        double load = state.sample(engine, nanoClock.getAsLong());
        int factor;
        if (settings.hotStandby()) {
            factor = 0;
        } else if (Double.isNaN(load)) {
            int previous = state.lastFactor();
            factor = previous >= 1 ? previous : Math.max(1, settings.initialLoad());
        } else {
            factor = toFactor(load);
        }
        state.recordFactor(factor, load);
        if (Log.LOG.isLoggable(System.Logger.Level.DEBUG)) {
            Log.LOG.log(System.Logger.Level.DEBUG, "CLAG4020: engine {0} {1}", engine.name(),
                    state.report().describe());
        }
        return factor;
    }

    /** The factor for a combined load 0..1: {@code 100 - round(100 * load)} kept in 1..100. */
    static int toFactor(double load) {
        long f = 100 - Math.round(100 * load);
        return (int) Math.max(1, Math.min(100, f));
    }

    @Override
    public LoadReport explain(Engine engine) {
        EngineLoadState state = states.get(engine.name());
        return state == null ? LoadReport.EMPTY : state.report();
    }

    /** The configuration in use. */
    public LoadSettings settings() {
        return settings;
    }

    /** The metrics' display names, in configuration order (also the order of reports). */
    public List<String> metricNames() {
        return metricNames;
    }

    /** True when the metric at {@code index} said at start that it cannot work here. */
    public boolean isUnavailable(int index) {
        return unavailable[index];
    }

    /** The last factor computed for the engine named {@code engineName}, or -1 before the first. */
    public int lastFactor(String engineName) {
        EngineLoadState state = states.get(engineName);
        return state == null ? -1 : state.lastFactor();
    }

    /** The last normalised value (0..1) of metric {@code index}, NaN when none or it failed. */
    public double lastNormalised(String engineName, int index) {
        EngineLoadState state = states.get(engineName);
        return state == null ? Double.NaN : state.normalised(index);
    }

    /** Failed samples of metric {@code index} since the engine was first seen. */
    public long failures(String engineName, int index) {
        EngineLoadState state = states.get(engineName);
        return state == null ? 0 : state.failures(index);
    }

    private EngineLoadState stateOf(Engine engine) {
        if (engine == lastEngine) {
            return lastState;
        }
        // get before computeIfAbsent: adapters may hand a new Engine view each time, and the
        // capturing lambda would then be allocated on every status.
        EngineLoadState state = states.get(engine.name());
        if (state == null) {
            state = states.computeIfAbsent(engine.name(), name -> new EngineLoadState(name,
                    settings.metrics(), unavailable, decayWeights, decayPrefix, settings.initialLoad(),
                    settings.failurePolicy(), events, nanoClock));
        }
        lastEngine = engine;
        lastState = state;
        return state;
    }
}
