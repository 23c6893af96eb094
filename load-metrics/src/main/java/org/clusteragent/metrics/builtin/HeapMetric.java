package org.clusteragent.metrics.builtin;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * Heap in use as a ratio 0..1: used heap over the maximum heap, or over the committed heap when the
 * JVM has no maximum. Read from {@link Runtime} rather than the MemoryMXBean because the latter
 * allocates a {@code MemoryUsage} per call. One thread at a time; allocation-free.
 */
public final class HeapMetric implements LoadMetric {

    private final Runtime runtime = Runtime.getRuntime();

    @Override
    public String name() {
        return "heap";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        long committed = runtime.totalMemory();
        long used = committed - runtime.freeMemory();
        long max = runtime.maxMemory();
        long limit = max == Long.MAX_VALUE ? committed : max;
        return limit <= 0 ? Double.NaN : (double) used / limit;
    }
}
