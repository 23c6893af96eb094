package org.clusteragent.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;
import org.clusteragent.spi.LoadReport;

/**
 * The per-engine half of the provider: metric instances, one ring buffer of normalised values per
 * metric, and the last sample's breakdown. Everything is allocated up front so that
 * {@link #sample} allocates nothing while metrics behave. Written by the one status thread; the
 * self-metrics read single fields from other threads and may see a value one sample old.
 *
 * <p>Whatever a metric throws, {@link Error}s included, is a failed sample for the failure
 * policy; only a {@link VirtualMachineError} (out of memory, stack overflow) propagates, since
 * nothing the provider does can repair the JVM. A sample that returns after
 * {@link LoadSettings#METRIC_BUDGET} is discarded and the metric left out from then on, said once:
 * a metric that slow would hold every status period.
 */
final class EngineLoadState {

    private static final double NO_FACTOR_YET = Double.NaN;

    private final String engineName;
    private final LoadMetric[] metrics;
    private final String[] names;
    private final double[] weights;
    private final double[] capacities;
    private final boolean[] unavailable;
    private final double[] decayWeights;
    private final double[] decayPrefix;
    private final FailurePolicy policy;
    private final LoadEvents events;
    private final LongSupplier nanoClock;

    private final double[][] ring;
    private final int[] head;
    private final int[] count;
    private final double[] raw;
    private final double[] lastGood;
    private final double[] normalised;
    private final double[] decayed;
    private final double[] share;
    private final boolean[] failed;
    private final boolean[] inOutage;
    private final long[] failures;
    private final long[] outageSamples;
    private boolean allOut;

    private volatile int lastFactor = -1;
    private volatile double lastLoad = NO_FACTOR_YET;

    EngineLoadState(String engineName, List<MetricSpec> specs, boolean[] unavailable, double[] decayWeights,
                    double[] decayPrefix, int initialLoad, FailurePolicy policy, LoadEvents events,
                    LongSupplier nanoClock) {
        int n = specs.size();
        int window = decayWeights.length;
        this.engineName = engineName;
        this.metrics = new LoadMetric[n];
        this.names = new String[n];
        this.weights = new double[n];
        this.capacities = new double[n];
        this.unavailable = unavailable.clone();
        this.decayWeights = decayWeights;
        this.decayPrefix = decayPrefix;
        this.policy = policy;
        this.events = events;
        this.nanoClock = nanoClock;
        this.ring = new double[n][window];
        this.head = new int[n];
        this.count = new int[n];
        this.raw = new double[n];
        this.lastGood = new double[n];
        this.normalised = new double[n];
        this.decayed = new double[n];
        this.share = new double[n];
        this.failed = new boolean[n];
        this.inOutage = new boolean[n];
        this.failures = new long[n];
        this.outageSamples = new long[n];
        for (int m = 0; m < n; m++) {
            MetricSpec spec = specs.get(m);
            names[m] = spec.name();
            weights[m] = spec.weight();
            capacities[m] = spec.capacity();
            metrics[m] = unavailable[m] ? null : instantiate(spec, m);
            raw[m] = Double.NaN;
            lastGood[m] = Double.NaN;
            normalised[m] = Double.NaN;
            decayed[m] = Double.NaN;
            if (initialLoad >= 0) {
                // The ramp: the history starts full of samples worth the initial load factor, which
                // real samples push out one by one, so traffic comes to a new node gradually.
                java.util.Arrays.fill(ring[m], 1.0 - initialLoad / 100.0);
                count[m] = window;
                head[m] = window - 1;
                decayed[m] = ring[m][0];
            }
        }
    }

    private LoadMetric instantiate(MetricSpec spec, int m) {
        try {
            return spec.instances().get();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // Validated at start with a probe instance, so this is unexpected; never let it escape
            // loadFactor, which must not throw.
            this.unavailable[m] = true;
            events.metricFailed(engineName, spec.name(), "could not be created: " + e, policy);
            return null;
        }
    }

    /** Samples every metric and returns the combined load 0..1, or NaN when no metric has a value. */
    double sample(Engine engine, long nowNanos) {
        double weighted = 0;
        double totalWeight = 0;
        for (int m = 0; m < metrics.length; m++) {
            double value = unavailable[m] ? Double.NaN : read(m, engine, nowNanos);
            if (value >= 0) {
                normalised[m] = Math.min(1.0, value / capacities[m]);
                lastGood[m] = normalised[m];
                endOutage(m);
            } else {
                failed[m] = true;
                normalised[m] = Double.NaN;
                double substitute = unavailable[m] ? Double.NaN : substitute(m);
                if (!(substitute >= 0)) {
                    share[m] = 0;
                    continue;
                }
                normalised[m] = substitute;
            }
            push(m, normalised[m]);
            decayed[m] = decayedValue(m);
            weighted += weights[m] * decayed[m];
            totalWeight += weights[m];
            share[m] = weights[m];
        }
        for (int m = 0; m < metrics.length; m++) {
            share[m] = totalWeight > 0 ? share[m] / totalWeight : 0;
        }
        if (totalWeight == 0) {
            if (!allOut) {
                allOut = true;
                events.allMetricsOut(engineName, lastFactor);
            }
            return Double.NaN;
        }
        allOut = false;
        return weighted / totalWeight;
    }

    private double read(int m, Engine engine, long nowNanos) {
        failed[m] = false;
        double value;
        Throwable error = null;
        try {
            long start = nanoClock.getAsLong();
            value = metrics[m].load(engine, nowNanos);
            long took = nanoClock.getAsLong() - start;
            if (took > LoadSettings.METRIC_BUDGET.toNanos()) {
                leaveOutTooSlow(m, took);
                return Double.NaN;
            }
            if (value >= 0 && !Double.isInfinite(value)) {
                raw[m] = value;
                return value;
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            value = Double.NaN;
            error = e;
        }
        raw[m] = value;
        failures[m]++;
        outageSamples[m]++;
        if (!inOutage[m]) {
            // Only the first failure of an outage builds a message: a metric failing every few
            // seconds for hours must neither flood the log nor allocate per status.
            inOutage[m] = true;
            String why = error != null ? "threw " + error : "returned " + value;
            events.metricFailed(engineName, names[m], why, policy);
        }
        return Double.NaN;
    }

    private void leaveOutTooSlow(int m, long tookNanos) {
        unavailable[m] = true;
        failed[m] = true;
        raw[m] = Double.NaN;
        failures[m]++;
        events.metricTooSlow(engineName, names[m], tookNanos / 1_000_000, LoadSettings.METRIC_BUDGET.toMillis());
    }

    private void endOutage(int m) {
        failed[m] = false;
        if (inOutage[m]) {
            inOutage[m] = false;
            events.metricRecovered(engineName, names[m], outageSamples[m]);
            outageSamples[m] = 0;
        }
    }

    private double substitute(int m) {
        switch (policy) {
            case ASSUME_BUSY:
                return 1.0;
            case LAST_VALUE:
                return lastGood[m];
            default:
                return Double.NaN;
        }
    }

    private void push(int m, double value) {
        int window = ring[m].length;
        int h = head[m] + 1;
        if (h == window) {
            h = 0;
        }
        head[m] = h;
        ring[m][h] = value;
        if (count[m] < window) {
            count[m]++;
        }
    }

    private double decayedValue(int m) {
        double[] values = ring[m];
        int window = values.length;
        int n = count[m];
        int idx = head[m];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[idx] * decayWeights[i];
            idx = idx == 0 ? window - 1 : idx - 1;
        }
        return sum / decayPrefix[n];
    }

    void recordFactor(int factor, double load) {
        lastFactor = factor;
        lastLoad = load;
    }

    int lastFactor() {
        return lastFactor;
    }

    double lastLoad() {
        return lastLoad;
    }

    double normalised(int m) {
        return normalised[m];
    }

    long failures(int m) {
        return failures[m];
    }

    LoadReport report() {
        if (lastFactor < 0) {
            return LoadReport.EMPTY;
        }
        List<LoadReport.MetricReport> lines = new ArrayList<>(metrics.length);
        for (int m = 0; m < metrics.length; m++) {
            lines.add(new LoadReport.MetricReport(names[m], raw[m], capacities[m], normalised[m],
                    decayed[m], weights[m], share[m], failed[m]));
        }
        return new LoadReport(lastFactor, lines);
    }
}
