package org.clusteragent.harness.undertow;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * A load metric whose value the test sets, per node, so the load factors a node sends in STATUS are
 * known in advance: configure {@code loadMetrics=org.clusteragent.harness.undertow.SettableLoad(node=a, capacity=100)}
 * and call {@link #set(String, double)}. A node whose value was never set has none (NaN, so the
 * provider's failure policy applies). The values are static, so the agent's instance (made by
 * reflection with the public no-arg constructor and {@link #setNode}) and the test share them;
 * thread-safe.
 */
public final class SettableLoad implements LoadMetric {

    private static final Map<String, Double> VALUES = new ConcurrentHashMap<>();

    private volatile String node = "";

    public SettableLoad() {
        // configured by setNode, as the loadMetrics syntax does for a class with a no-arg constructor
    }

    /** The raw load reported from now on by every metric configured with {@code node}. */
    static void set(String node, double value) {
        VALUES.put(node, value);
    }

    static void clear(String node) {
        VALUES.remove(node);
    }

    /** Called by the loadMetrics parser for the entry's {@code node=} property. */
    public void setNode(String node) {
        this.node = node;
    }

    @Override
    public String name() {
        return "settable-" + node;
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        return VALUES.getOrDefault(node, Double.NaN);
    }
}
