package org.clusteragent.metrics.builtin;

import java.lang.management.ManagementFactory;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * Physical memory in use as a ratio 0..1 ({@code (total - free) / total}) from
 * {@code com.sun.management.OperatingSystemMXBean}; inside a container the JDK reports the
 * container's limit and usage. Unavailable on JVMs without that MXBean. In a container the JDK
 * reads cgroup files for each value (tens of microseconds and some garbage per call, once per
 * status), so the total, which hardly ever changes, is re-read only every {@value #TOTAL_EVERY}
 * samples. One instance per engine, one thread at a time.
 */
public final class PhysicalMemoryMetric implements LoadMetric {

    static final int TOTAL_EVERY = 60;

    private final com.sun.management.OperatingSystemMXBean os;
    private long total;
    private int untilTotal;

    public PhysicalMemoryMetric() {
        java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        this.os = bean instanceof com.sun.management.OperatingSystemMXBean
                ? (com.sun.management.OperatingSystemMXBean) bean : null;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        if (os == null) {
            return Double.NaN;
        }
        if (untilTotal-- <= 0 || total <= 0) {
            total = os.getTotalMemorySize();
            untilTotal = TOTAL_EVERY - 1;
        }
        long free = os.getFreeMemorySize();
        return total <= 0 || free < 0 ? Double.NaN : (double) (total - free) / total;
    }

    @Override
    public String unavailableReason() {
        return os == null ? "this JVM has no com.sun.management.OperatingSystemMXBean to read memory from" : null;
    }
}
