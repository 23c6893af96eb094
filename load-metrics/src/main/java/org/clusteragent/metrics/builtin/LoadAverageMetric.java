package org.clusteragent.metrics.builtin;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * The system load average over the last minute divided by the number of available processors, so
 * 1.0 means every CPU has one runnable task on average. Unavailable where the platform has no load
 * average (Windows). One thread at a time; allocation-free.
 */
public final class LoadAverageMetric implements LoadMetric {

    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

    @Override
    public String name() {
        return "loadavg";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        double average = os.getSystemLoadAverage();
        return average < 0 ? Double.NaN : average / os.getAvailableProcessors();
    }

    @Override
    public String unavailableReason() {
        return os.getSystemLoadAverage() < 0
                ? "this platform (" + os.getName() + ") reports no system load average" : null;
    }
}
