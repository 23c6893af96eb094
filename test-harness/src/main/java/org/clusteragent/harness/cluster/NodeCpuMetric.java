package org.clusteragent.harness.cluster;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * CPU used by one node of the in-process local cluster, in cores (1.0 = one processor busy all the
 * time): the CPU time of the node's threads (see {@link NodeThreads}) between two samples divided
 * by the wall time between them. The first sample only sets the baseline and reads 0. Configured as
 * {@code org.clusteragent.harness.cluster.NodeCpuMetric(node=tomcat-1, capacity=1)}. Called by one
 * thread at a time, as the LoadMetric contract says.
 */
public final class NodeCpuMetric implements LoadMetric {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> lastCpu = new HashMap<>();
    private long lastNanos = Long.MIN_VALUE;
    private String node;

    /** The node (jvmRoute) whose threads are measured. */
    public void setNode(String node) {
        this.node = node;
    }

    @Override
    public String name() {
        return "node-cpu";
    }

    @Override
    public String unavailableReason() {
        if (node == null || node.isBlank()) {
            return "NodeCpuMetric needs node=<jvmRoute>, e.g. NodeCpuMetric(node=tomcat-1)";
        }
        return threads.isThreadCpuTimeSupported() ? null : "this JVM cannot measure per-thread CPU time";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        Map<Long, Long> cpu = new HashMap<>();
        long used = 0;
        for (Thread thread : NodeThreads.allThreads()) {
            long id = thread.getId();
            // A pooled thread's context loader is the web app's only during a request: once seen
            // working for this node, a thread stays counted until it ends.
            if (!lastCpu.containsKey(id) && !NodeThreads.belongs(node, thread)) {
                continue;
            }
            long time = threads.getThreadCpuTime(id);
            if (time < 0) {
                continue; // ended meanwhile
            }
            cpu.put(id, time);
            // A thread first seen now counts from its birth: it was born since the last sample or idle.
            used += Math.max(0, time - lastCpu.getOrDefault(id, lastNanos == Long.MIN_VALUE ? time : 0L));
        }
        long previous = lastNanos;
        lastNanos = nowNanos;
        lastCpu = cpu;
        if (previous == Long.MIN_VALUE || nowNanos <= previous) {
            return 0;
        }
        return (double) used / (nowNanos - previous);
    }
}
