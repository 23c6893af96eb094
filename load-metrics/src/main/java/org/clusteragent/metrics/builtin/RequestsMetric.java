package org.clusteragent.metrics.builtin;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * Requests per second, from the engine's cumulative {@link Engine#requestCount()} (counted by the
 * container adapter) and the time between samples; see {@link RateTracker} for the first sample and
 * counter resets. One instance per engine, one thread at a time; allocation-free.
 */
public final class RequestsMetric implements LoadMetric {

    private final RateTracker rate = new RateTracker();

    @Override
    public String name() {
        return "requests";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        return rate.rate(engine.requestCount(), nowNanos);
    }
}
