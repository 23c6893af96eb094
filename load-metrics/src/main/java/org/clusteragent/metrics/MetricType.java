package org.clusteragent.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.clusteragent.spi.LoadMetric;

/**
 * A kind of metric that {@code loadMetrics} names by a short type name ({@code cpu}, {@code heap},
 * …): which properties it takes besides {@code weight} and {@code capacity}, its default capacity,
 * and how to build instances from validated properties. Implementations are stateless and
 * thread-safe. Public only so that the Micrometer type, which lives in its own package to keep
 * Micrometer off the class path when unused, can implement it; not meant for users.
 */
public interface MetricType {

    /** The short name used in {@code loadMetrics}, e.g. {@code cpu}. */
    String typeName();

    /** The type's own property names (without {@code weight} and {@code capacity}). */
    Set<String> propertyNames();

    /** The capacity used when none is given, or NaN when the user must give one. */
    double defaultCapacity();

    /**
     * Validates the type's own properties and returns how to build instances.
     *
     * @param properties only names from {@link #propertyNames()}, values trimmed and non-empty
     * @param problems   where to add one sentence per bad property, naming it and its value
     * @return the display name and instance supplier, or null when a problem was added
     */
    Configured configure(Map<String, String> properties, List<String> problems);

    /**
     * A configured metric.
     *
     * @param displayName the name in reports and logs, e.g. {@code micrometer:db.pool.active}
     * @param instances   makes a fresh instance (one per engine)
     */
    record Configured(String displayName, Supplier<LoadMetric> instances) {
        public Configured {
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(instances, "instances");
        }
    }
}
