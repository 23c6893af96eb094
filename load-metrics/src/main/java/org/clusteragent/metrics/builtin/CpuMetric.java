package org.clusteragent.metrics.builtin;

import java.lang.management.ManagementFactory;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * CPU usage as a ratio 0..1 from the JVM's {@code com.sun.management.OperatingSystemMXBean}: the
 * process's share of all CPUs ({@link Scope#PROCESS}, the default) or the whole system's
 * ({@link Scope#SYSTEM}). Container-aware as the JDK is. Unavailable on JVMs without that MXBean.
 * The JDK returns a negative value while it has no reading yet, which the provider treats as a
 * failed sample. One thread at a time.
 */
public final class CpuMetric implements LoadMetric {

    /** Whose CPU usage is measured. */
    public enum Scope { PROCESS, SYSTEM }

    private final Scope scope;
    private final com.sun.management.OperatingSystemMXBean os;

    public CpuMetric(Scope scope) {
        this.scope = scope;
        java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        this.os = bean instanceof com.sun.management.OperatingSystemMXBean
                ? (com.sun.management.OperatingSystemMXBean) bean : null;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        if (os == null) {
            return Double.NaN;
        }
        return scope == Scope.PROCESS ? os.getProcessCpuLoad() : os.getCpuLoad();
    }

    @Override
    public String unavailableReason() {
        return os == null ? "this JVM has no com.sun.management.OperatingSystemMXBean to read CPU usage from"
                : null;
    }
}
