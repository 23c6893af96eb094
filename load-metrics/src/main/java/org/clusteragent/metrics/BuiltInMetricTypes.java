package org.clusteragent.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.clusteragent.metrics.builtin.BusyThreadsMetric;
import org.clusteragent.metrics.builtin.CpuMetric;
import org.clusteragent.metrics.builtin.HeapMetric;
import org.clusteragent.metrics.builtin.LoadAverageMetric;
import org.clusteragent.metrics.builtin.PhysicalMemoryMetric;
import org.clusteragent.metrics.builtin.RequestsMetric;
import org.clusteragent.metrics.builtin.SessionsMetric;
import org.clusteragent.metrics.builtin.TrafficMetric;
import org.clusteragent.spi.LoadMetric;

/**
 * The built-in metric types by short name, and the mod_cluster class names that map to them. The
 * Micrometer type is reached only through {@link MicrometerSupport}, so that this class never links
 * against Micrometer. Stateless and thread-safe.
 */
final class BuiltInMetricTypes {

    /** Short type name of the Micrometer metric. */
    static final String MICROMETER = "micrometer";

    private static final Map<String, MetricType> TYPES = new LinkedHashMap<>();

    /** mod_cluster's metric class (simple) names, mapped to our short type names. */
    private static final Map<String, String> LEGACY = Map.of(
            "BusyConnectorsLoadMetric", "busy",
            "ActiveSessionsLoadMetric", "sessions",
            "RequestCountLoadMetric", "requests",
            "SendTrafficLoadMetric", "send-traffic",
            "ReceiveTrafficLoadMetric", "receive-traffic",
            "HeapMemoryUsageLoadMetric", "heap",
            "AverageSystemLoadMetric", "loadavg",
            "SystemMemoryUsageLoadMetric", "memory");

    private static final String LEGACY_PACKAGE = "org.jboss.modcluster.load.metric.impl.";

    static {
        add(new CpuType());
        add(simple("loadavg", 1, LoadAverageMetric::new));
        add(simple("heap", 1, HeapMetric::new));
        add(simple("memory", 1, PhysicalMemoryMetric::new));
        add(simple("sessions", Double.NaN, SessionsMetric::new));
        add(simple("requests", Double.NaN, RequestsMetric::new));
        add(simple("send-traffic", Double.NaN, () -> new TrafficMetric(TrafficMetric.Direction.SEND)));
        add(simple("receive-traffic", Double.NaN, () -> new TrafficMetric(TrafficMetric.Direction.RECEIVE)));
        add(simple("busy", 1, BusyThreadsMetric::new));
    }

    private BuiltInMetricTypes() {
    }

    /** The type with this short name (case-insensitive); null when unknown or {@code micrometer}. */
    static MetricType byName(String typeName) {
        return TYPES.get(typeName.toLowerCase(Locale.ROOT));
    }

    /**
     * Our short name for a mod_cluster metric class name (fully qualified, or simple), or null when
     * it is not one of theirs.
     */
    static String legacyTypeName(String className) {
        if (className.startsWith(LEGACY_PACKAGE)) {
            return LEGACY.get(className.substring(LEGACY_PACKAGE.length()));
        }
        return className.indexOf('.') < 0 ? LEGACY.get(className) : null;
    }

    /** Every short type name, in documentation order, {@code micrometer} last. */
    static List<String> typeNames() {
        List<String> names = new java.util.ArrayList<>(TYPES.keySet());
        names.add(MICROMETER);
        return Collections.unmodifiableList(names);
    }

    private static void add(MetricType type) {
        TYPES.put(type.typeName(), type);
    }

    private static MetricType simple(String name, double defaultCapacity, Supplier<LoadMetric> instances) {
        return new MetricType() {
            @Override
            public String typeName() {
                return name;
            }

            @Override
            public Set<String> propertyNames() {
                return Set.of();
            }

            @Override
            public double defaultCapacity() {
                return defaultCapacity;
            }

            @Override
            public Configured configure(Map<String, String> properties, List<String> problems) {
                return new Configured(name, instances);
            }
        };
    }

    /** {@code cpu(scope=process|system)}. */
    private static final class CpuType implements MetricType {
        @Override
        public String typeName() {
            return "cpu";
        }

        @Override
        public Set<String> propertyNames() {
            return Set.of("scope");
        }

        @Override
        public double defaultCapacity() {
            return 1;
        }

        @Override
        public Configured configure(Map<String, String> properties, List<String> problems) {
            String scope = properties.getOrDefault("scope", "process").toLowerCase(Locale.ROOT);
            CpuMetric.Scope s;
            switch (scope) {
                case "process":
                    s = CpuMetric.Scope.PROCESS;
                    break;
                case "system":
                    s = CpuMetric.Scope.SYSTEM;
                    break;
                default:
                    problems.add("scope='" + properties.get("scope") + "' is neither 'process' nor 'system'");
                    return null;
            }
            return new Configured("cpu", () -> new CpuMetric(s));
        }
    }
}
