package org.clusteragent.metrics.builtin;

import java.lang.management.ManagementFactory;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * CPU usage as a ratio 0..1. {@link Scope#PROCESS} (the default): the CPU time this JVM used between
 * two samples over the wall time between them times the available processors (container-aware), so
 * 1.0 means every CPU the JVM may use was busy with it; computed from
 * {@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime} with the provider's clock,
 * allocation-free and cheap; the first sample is 0 (see {@link RateTracker}). {@link Scope#SYSTEM}:
 * the whole system's recent CPU usage from {@code getCpuLoad()}, which in a container reads cgroup
 * files and costs tens of microseconds and some garbage per call. Unavailable on JVMs without that
 * MXBean. One instance per engine, one thread at a time.
 */
public final class CpuMetric implements LoadMetric {

    /** Whose CPU usage is measured. */
    public enum Scope { PROCESS, SYSTEM }

    private final Scope scope;
    private final com.sun.management.OperatingSystemMXBean os;
    private final LongSupplier cpuTimeNanos;
    private final IntSupplier processors;
    private final RateTracker rate = new RateTracker();

    public CpuMetric(Scope scope) {
        this.scope = scope;
        java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        this.os = bean instanceof com.sun.management.OperatingSystemMXBean
                ? (com.sun.management.OperatingSystemMXBean) bean : null;
        this.cpuTimeNanos = os == null ? () -> -1 : os::getProcessCpuTime;
        this.processors = Runtime.getRuntime()::availableProcessors;
    }

    /** For tests: process CPU from the given CPU-time source and processor count. */
    CpuMetric(LongSupplier cpuTimeNanos, IntSupplier processors) {
        this.scope = Scope.PROCESS;
        this.os = null;
        this.cpuTimeNanos = cpuTimeNanos;
        this.processors = processors;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        if (scope == Scope.SYSTEM) {
            return os == null ? Double.NaN : os.getCpuLoad();
        }
        long cpu = cpuTimeNanos.getAsLong();
        if (cpu < 0) {
            return Double.NaN;
        }
        // CPU nanoseconds per wall second, over 1e9 per processor: the share of the CPUs we may use.
        return rate.rate(cpu, nowNanos) / (1e9 * processors.getAsInt());
    }

    @Override
    public String unavailableReason() {
        if (scope == Scope.SYSTEM) {
            return os == null ? "this JVM has no com.sun.management.OperatingSystemMXBean to read the "
                    + "system CPU usage from" : null;
        }
        return cpuTimeNanos.getAsLong() < 0
                ? "this JVM or platform does not report the process CPU time" : null;
    }
}
