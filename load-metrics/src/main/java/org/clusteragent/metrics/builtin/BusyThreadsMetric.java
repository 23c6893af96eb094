package org.clusteragent.metrics.builtin;

import java.util.List;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * Busy request threads over the maximum, as a ratio 0..1, summed over the engine's connectors that
 * report a maximum (the default metric, as in mod_cluster). NaN, hence a failed sample, when no
 * connector reports its maximum. Reads only the SPI model. One thread at a time; allocation-free.
 */
public final class BusyThreadsMetric implements LoadMetric {

    @Override
    public String name() {
        return "busy";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        long busy = 0;
        long max = 0;
        List<Connector> connectors = engine.connectors();
        for (int i = 0; i < connectors.size(); i++) {
            Connector c = connectors.get(i);
            int m = c.maxThreads();
            if (m > 0) {
                busy += c.busyThreads();
                max += m;
            }
        }
        return max == 0 ? Double.NaN : (double) busy / max;
    }
}
