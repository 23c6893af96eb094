package org.clusteragent.metrics.fake;

import java.util.Map;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/** A custom metric configured through a Map constructor, with its own weight and capacity. */
public final class MapConfiguredMetric implements LoadMetric {

    private final Map<String, String> properties;

    public MapConfiguredMetric(Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
    }

    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public String name() {
        return "mapped";
    }

    @Override
    public double weight() {
        return 2;
    }

    @Override
    public double capacity() {
        return 100;
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        return Double.parseDouble(properties.getOrDefault("fixed", "50"));
    }
}
