package org.clusteragent.metrics.micrometer;

import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.clusteragent.metrics.MetricType;

/**
 * The {@code micrometer} metric type: {@code micrometer(name=db.pool.active, tags=pool:main;region:eu,
 * capacity=50)}. {@code name} is required; {@code tags} is a {@code ;}-separated list of
 * {@code key:value}; the default capacity is 1. Meters are searched in
 * {@link MicrometerRegistries#current()}. Loaded by reflection only when such a metric is configured
 * and Micrometer is present. Stateless and thread-safe.
 */
public final class MicrometerMetricType implements MetricType {

    @Override
    public String typeName() {
        return "micrometer";
    }

    @Override
    public Set<String> propertyNames() {
        return Set.of("name", "tags");
    }

    @Override
    public double defaultCapacity() {
        return 1;
    }

    @Override
    public Configured configure(Map<String, String> properties, List<String> problems) {
        String name = properties.get("name");
        if (name == null) {
            problems.add("name is required: the meter's name, e.g. micrometer(name=db.pool.active)");
        }
        List<Tag> tags = new ArrayList<>();
        String written = properties.get("tags");
        if (written != null) {
            for (String pair : written.split(";", -1)) {
                int colon = pair.indexOf(':');
                String key = colon < 0 ? "" : pair.substring(0, colon).trim();
                String value = colon < 0 ? "" : pair.substring(colon + 1).trim();
                if (key.isEmpty() || value.isEmpty()) {
                    problems.add("tags='" + written + "': '" + pair.trim() + "' is not key:value "
                            + "(separate tags with ';', e.g. tags=pool:main;region:eu)");
                    return null;
                }
                tags.add(Tag.of(key, value));
            }
        }
        if (name == null) {
            return null;
        }
        List<Tag> fixed = List.copyOf(tags);
        return new Configured("micrometer:" + name,
                () -> new MicrometerMetric(name, fixed, MicrometerRegistries::current));
    }
}
