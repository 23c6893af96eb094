package org.clusteragent.metrics.builtin;

/**
 * Turns a cumulative counter into a rate per second from the difference between two samples. The
 * first sample only sets the baseline and yields 0, so a counter that ran long before the agent
 * started is not mistaken for a spike; a counter that goes down (the source restarted) sets a new
 * baseline the same way; a sample at the same instant repeats the last rate. Not thread-safe: one
 * tracker per metric instance, called by one thread at a time. Allocation-free.
 */
public final class RateTracker {

    private static final double NANOS_PER_SECOND = 1e9;

    private boolean primed;
    private double lastCount;
    private long lastNanos;
    private double lastRate;

    /**
     * @param count    the counter's current cumulative value
     * @param nowNanos the sample time, monotonic nanoseconds
     * @return the rate per second since the previous sample (0 for the first sample)
     */
    public double rate(double count, long nowNanos) {
        if (!primed || count < lastCount) {
            primed = true;
            lastCount = count;
            lastNanos = nowNanos;
            lastRate = 0;
            return 0;
        }
        long elapsed = nowNanos - lastNanos;
        if (elapsed <= 0) {
            return lastRate;
        }
        lastRate = (count - lastCount) * NANOS_PER_SECOND / elapsed;
        lastCount = count;
        lastNanos = nowNanos;
        return lastRate;
    }
}
