package org.clusteragent.harness.tomcat;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * A load metric that never returns, deaf to interrupts, as one stuck on a dead NFS mount or a lock
 * would be: for {@link DistributionFaultStopTest}, which installs this class into a Tomcat
 * distribution's {@code lib/} and names it in {@code loadMetricClass}. Public, with a no-arg
 * constructor, as the agent requires of a metric class.
 */
public final class HangingMetric implements LoadMetric {

    @Override
    public String name() {
        return "hanging";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // keep hanging: a stuck metric does not answer interrupts either
            }
        }
    }
}
