package org.clusteragent.metrics;

import java.util.List;

/**
 * The one door to the Micrometer-based metric type. It checks that Micrometer can be loaded before
 * loading {@code org.clusteragent.metrics.micrometer.MicrometerMetricType} by reflection, so no
 * class of this package ever links against Micrometer and the module works without it when no
 * {@code micrometer} metric is configured. Stateless.
 */
final class MicrometerSupport {

    static final String PROBE_CLASS = "io.micrometer.core.instrument.MeterRegistry";
    static final String TYPE_CLASS = "org.clusteragent.metrics.micrometer.MicrometerMetricType";

    private MicrometerSupport() {
    }

    /** The Micrometer metric type, or null after adding a problem saying why it cannot be had. */
    static MetricType type(String label, List<String> problems) {
        ClassLoader loader = MicrometerSupport.class.getClassLoader();
        try {
            Class.forName(PROBE_CLASS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add(label + " needs Micrometer, but " + PROBE_CLASS + " is not on the class path of "
                    + "clusteragent: add io.micrometer:micrometer-core next to the clusteragent jars, or "
                    + "remove this metric from loadMetrics");
            return null;
        }
        try {
            return (MetricType) Class.forName(TYPE_CLASS, true, loader).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            problems.add(label + " cannot load " + TYPE_CLASS + " (" + e + "); is micrometer-core "
                    + "1.x on the class path?");
            return null;
        }
    }
}
