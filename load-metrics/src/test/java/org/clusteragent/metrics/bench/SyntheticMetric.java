package org.clusteragent.metrics.bench;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/** A cheap metric whose value moves with time, so the benchmark exercises the provider, not a source. */
public final class SyntheticMetric implements LoadMetric {

    private int phase;
    private long calls;

    public void setPhase(int phase) {
        this.phase = phase;
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        calls++;
        return ((calls + phase) & 31) / 32.0;
    }
}
