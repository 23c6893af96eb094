package org.clusteragent.metrics.builtin;

import java.lang.management.ManagementFactory;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * Physical memory in use as a ratio 0..1 ({@code (total - free) / total}) from
 * {@code com.sun.management.OperatingSystemMXBean}; inside a container the JDK reports the
 * container's limit and usage. Unavailable on JVMs without that MXBean. One thread at a time.
 */
public final class PhysicalMemoryMetric implements LoadMetric {

    private final com.sun.management.OperatingSystemMXBean os;

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
        long total = os.getTotalMemorySize();
        long free = os.getFreeMemorySize();
        return total <= 0 || free < 0 ? Double.NaN : (double) (total - free) / total;
    }

    @Override
    public String unavailableReason() {
        return os == null ? "this JVM has no com.sun.management.OperatingSystemMXBean to read memory from" : null;
    }
}
