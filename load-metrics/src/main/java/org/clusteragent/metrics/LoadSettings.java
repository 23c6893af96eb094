package org.clusteragent.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The validated configuration of a {@link DecayingLoadFactorProvider}. Immutable.
 *
 * @param metrics       the metrics, in configuration order; not empty
 * @param history       past samples kept per metric besides the current one ({@code loadHistory}, >= 0)
 * @param decayFactor   how fast older samples lose weight: sample i (0 = newest) weighs
 *                      1/decayFactor^i ({@code loadDecayFactor}, >= 1)
 * @param initialLoad   the load factor a new node starts from, 0..100, or -1 for no ramp
 *                      ({@code initialLoad}); see the provider for the ramp
 * @param hotStandby    when true the factor is always 0 ({@code hotStandby})
 * @param failurePolicy what a failed sample does ({@code loadMetricFailurePolicy})
 */
public record LoadSettings(List<MetricSpec> metrics, int history, double decayFactor, int initialLoad,
                           boolean hotStandby, FailurePolicy failurePolicy) {

    /** Default of {@code loadHistory}. */
    public static final int DEFAULT_HISTORY = 9;
    /** Default of {@code loadDecayFactor}. */
    public static final double DEFAULT_DECAY_FACTOR = 2;
    /** Default of {@code initialLoad}: start as if fully loaded. */
    public static final int DEFAULT_INITIAL_LOAD = 0;
    /**
     * The longest one metric sample may take: a metric that returns later is left out from then on
     * (it would hold every status period). Built-in metrics take microseconds.
     */
    public static final Duration METRIC_BUDGET = Duration.ofSeconds(1);
    /** Largest accepted {@code loadHistory}; more would only cost memory and time. */
    public static final int MAX_HISTORY = 1000;

    public LoadSettings {
        metrics = List.copyOf(metrics);
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no metric");
        }
        if (history < 0 || history > MAX_HISTORY) {
            throw new IllegalArgumentException("history " + history + " not in 0.." + MAX_HISTORY);
        }
        if (!(decayFactor >= 1) || Double.isInfinite(decayFactor)) {
            throw new IllegalArgumentException("decayFactor " + decayFactor + " is not >= 1");
        }
        if (initialLoad < -1 || initialLoad > 100) {
            throw new IllegalArgumentException("initialLoad " + initialLoad + " not in -1..100");
        }
    }

    /** Settings with every default and the given metrics. */
    public static LoadSettings of(List<MetricSpec> metrics) {
        return new LoadSettings(metrics, DEFAULT_HISTORY, DEFAULT_DECAY_FACTOR, DEFAULT_INITIAL_LOAD,
                false, FailurePolicy.EXCLUDE);
    }

    /** A copy with another history, decay factor and initial load. */
    public LoadSettings withDecay(int newHistory, double newDecayFactor, int newInitialLoad) {
        return new LoadSettings(metrics, newHistory, newDecayFactor, newInitialLoad, hotStandby, failurePolicy);
    }

    /** Samples averaged per metric: the current one plus {@link #history}. */
    public int window() {
        return history + 1;
    }
}
