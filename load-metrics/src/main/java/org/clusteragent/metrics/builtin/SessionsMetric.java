package org.clusteragent.metrics.builtin;

import java.util.List;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;
import org.clusteragent.spi.LoadMetric;

/**
 * Active sessions summed over every context of every host of the engine (a count; its capacity is
 * the number of sessions that counts as full). Reads only the SPI model. One thread at a time;
 * allocation-free as long as the model's lists are (indexed loops, no iterators).
 */
public final class SessionsMetric implements LoadMetric {

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        long sessions = 0;
        List<Host> hosts = engine.hosts();
        for (int h = 0; h < hosts.size(); h++) {
            List<Context> contexts = hosts.get(h).contexts();
            for (int c = 0; c < contexts.size(); c++) {
                sessions += contexts.get(c).activeSessions();
            }
        }
        return sessions;
    }
}
