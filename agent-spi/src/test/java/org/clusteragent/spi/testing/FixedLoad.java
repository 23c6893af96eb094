package org.clusteragent.spi.testing;

import java.util.List;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadFactorProvider;
import org.clusteragent.spi.LoadReport;

/**
 * A load provider reporting the factor the test sets (1..100 is the test's responsibility), the same
 * for every engine, with an explanation that lists no metrics. Thread-safe: the factor is volatile.
 */
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
        return new LoadReport(factor, List.of());
    }
}
