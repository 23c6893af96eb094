package org.clusteragent.harness.haproxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * A load metric the test sets, per node: {@code ScriptedLoad(node=a)} reads {@link #set}'s value
 * for node {@code a} (0 = idle, 1 = fully loaded). Stands for CPU load without burning the CPU of
 * a shared two-core machine.
 */
public final class ScriptedLoad implements LoadMetric {

    private static final Map<String, Double> LOADS = new ConcurrentHashMap<>();
    private String node = "";

    /** Sets the load node {@code node} reports from its next sample on. */
    public static void set(String node, double load) {
        LOADS.put(node, load);
    }

    public static void clear() {
        LOADS.clear();
    }

    public void setNode(String node) {
        this.node = node;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        return LOADS.getOrDefault(node, 0.0);
    }
}
