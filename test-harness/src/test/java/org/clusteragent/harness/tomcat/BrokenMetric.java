package org.clusteragent.harness.tomcat;

import java.util.concurrent.atomic.AtomicInteger;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * A load metric as broken as issue 12 found them: its first call (at the agent's start) throws a
 * {@link StackOverflowError}, which once stopped Tomcat from starting, and every later call never
 * returns, deaf to interrupts, which once held {@code catalina.sh stop} for ever. For
 * {@link DistributionFaultStopTest}, which installs this class into a Tomcat distribution's
 * {@code lib/} and names it in {@code loadMetricClass}. Public, with a no-arg constructor, as the
 * agent requires of a metric class.
 */
public final class BrokenMetric implements LoadMetric {

    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public String name() {
        return "broken";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        if (calls.incrementAndGet() == 1) {
            throw new StackOverflowError("BrokenMetric's first call");
        }
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // keep hanging: a stuck metric does not answer interrupts either
            }
        }
    }
}
