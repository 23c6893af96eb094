package org.clusteragent.core.testing;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadFactorProvider;
import org.clusteragent.spi.LoadReport;

/** A load provider whose factor the test sets. */
public final class FixedLoad implements LoadFactorProvider {

    private volatile int factor;

    public FixedLoad(int factor) {
        this.factor = factor;
    }

    public void set(int value) {
        this.factor = value;
    }

    @Override
    public int loadFactor(Engine engine) {
        return factor;
    }

    @Override
    public LoadReport explain(Engine engine) {
        return new LoadReport(factor, java.util.List.of());
    }
}
