package org.clusteragent.metrics.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.clusteragent.metrics.builtin.RateTracker;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * Any Micrometer meter as a load metric, found by name and tags: a gauge's value (a time gauge in
 * seconds), a long task timer's active tasks, or the rate per second of a counter's, function
 * counter's, timer's, function timer's or distribution summary's count (see {@link RateTracker}:
 * the first sample is 0). The meter is looked up until found, then kept. A missing meter or an
 * unsupported kind fails the sample with a message naming the meter, for the provider's failure
 * policy. One instance per engine, one thread at a time; allocation-free once the meter is found.
 */
public final class MicrometerMetric implements LoadMetric {

    private enum Kind { VALUE, RATE }

    private final String meterName;
    private final Tags tags;
    private final Supplier<MeterRegistry> registry;
    private final RateTracker rate = new RateTracker();
    private Meter meter;
    private Kind kind;

    /**
     * @param meterName the meter's name, e.g. {@code db.pool.active}
     * @param tags      tags the meter must have (it may have more)
     * @param registry  where to look, e.g. {@link MicrometerRegistries#current}
     */
    public MicrometerMetric(String meterName, Iterable<Tag> tags, Supplier<MeterRegistry> registry) {
        this.meterName = Objects.requireNonNull(meterName, "meterName");
        this.tags = Tags.of(tags);
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public String name() {
        return "micrometer:" + meterName;
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        if (meter == null) {
            find();
        }
        if (kind == Kind.RATE) {
            return rate.rate(count(meter), nowNanos);
        }
        return value(meter);
    }

    private void find() {
        MeterRegistry r = registry.get();
        Meter found = r.find(meterName).tags(tags).meter();
        if (found == null) {
            throw new IllegalStateException("no meter named " + meterName + " with tags " + tags
                    + " in " + r.getClass().getSimpleName());
        }
        if (found instanceof Gauge || found instanceof LongTaskTimer) {
            kind = Kind.VALUE;
        } else if (found instanceof Counter || found instanceof FunctionCounter || found instanceof Timer
                || found instanceof FunctionTimer || found instanceof DistributionSummary) {
            kind = Kind.RATE;
        } else {
            throw new IllegalStateException("meter " + meterName + " is a " + found.getId().getType()
                    + "; a gauge, counter, timer, distribution summary or long task timer is needed");
        }
        meter = found;
    }

    private static double value(Meter m) {
        if (m instanceof TimeGauge) {
            return ((TimeGauge) m).value(TimeUnit.SECONDS);
        }
        if (m instanceof Gauge) {
            return ((Gauge) m).value();
        }
        return ((LongTaskTimer) m).activeTasks();
    }

    private static double count(Meter m) {
        if (m instanceof Counter) {
            return ((Counter) m).count();
        }
        if (m instanceof FunctionCounter) {
            return ((FunctionCounter) m).count();
        }
        if (m instanceof Timer) {
            return ((Timer) m).count();
        }
        if (m instanceof FunctionTimer) {
            return ((FunctionTimer) m).count();
        }
        return ((DistributionSummary) m).count();
    }
}
