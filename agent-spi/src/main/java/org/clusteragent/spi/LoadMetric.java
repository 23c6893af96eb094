package org.clusteragent.spi;

/**
 * One source of load, such as CPU usage or active sessions. {@link #load} returns the raw value
 * in the metric's own unit (a ratio 0..1, a count, KB/s, …); the load factor provider divides it
 * by {@link #capacity()} and clamps the result to 0..1. A rate metric keeps its previous sample
 * and computes the rate from the time passed in, so that tests can drive it with a manual clock.
 * Instances are called from one thread at a time; they may throw, and the provider then applies
 * its failure policy.
 */
public interface LoadMetric {

    /** A short name for logs and explanations, e.g. {@code cpu}. */
    String name();

    /** Relative weight among the configured metrics; positive. */
    default double weight() {
        return 1;
    }

    /** The raw value that counts as fully loaded; positive. */
    default double capacity() {
        return 1;
    }

    /**
     * Samples the metric.
     *
     * @param engine   the engine whose load is measured
     * @param nowNanos the sample time, from the provider's monotonic clock, in nanoseconds
     * @return the raw load in the metric's unit; NaN or negative means "no valid value"
     * @throws Exception when the value cannot be read; the provider applies its failure policy
     */
    double load(Engine engine, long nowNanos) throws Exception;

    /**
     * Says why this metric cannot work on this platform, or null when it can. Called once at start.
     */
    default String unavailableReason() {
        return null;
    }
}
