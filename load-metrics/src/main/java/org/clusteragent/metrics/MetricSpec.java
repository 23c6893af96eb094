package org.clusteragent.metrics;

import java.util.Objects;
import java.util.function.Supplier;
import org.clusteragent.spi.LoadMetric;

/**
 * One configured metric, validated: its display name (unique within a configuration), the weight and
 * capacity the provider uses for it, and how to make an instance. A new instance is made for every
 * engine the provider sees, because rate metrics keep per-engine state. Immutable.
 *
 * @param name      the display name used in logs, reports and self-metrics, e.g. {@code cpu}
 * @param weight    the effective weight, positive and finite
 * @param capacity  the effective capacity, positive and finite, in the metric's unit
 * @param instances makes a fresh, configured metric instance; never returns null
 */
public record MetricSpec(String name, double weight, double capacity, Supplier<LoadMetric> instances) {

    public MetricSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(instances, "instances");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight " + weight + " of " + name + " is not positive");
        }
        if (!(capacity > 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("capacity " + capacity + " of " + name + " is not positive");
        }
    }
}
