package org.clusteragent.metrics.fake;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * A metric returning whatever the test set last; {@link #fail} makes the next samples throw.
 * Public with setters so it also serves as a "custom class" in configuration tests.
 */
public final class ScriptedMetric implements LoadMetric {

    private volatile double value;
    private volatile RuntimeException failure;
    private String label = "scripted";
    private int calls;

    public void set(double v) {
        this.value = v;
        this.failure = null;
    }

    public void fail(RuntimeException e) {
        this.failure = e;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    public void setValue(double v) {
        set(v);
    }

    public int calls() {
        return calls;
    }

    @Override
    public String name() {
        return label;
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        calls++;
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
