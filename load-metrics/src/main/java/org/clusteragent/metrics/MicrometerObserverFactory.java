package org.clusteragent.metrics;

import java.util.Optional;

import org.clusteragent.spi.AgentObserver;
import org.clusteragent.spi.AgentObserverFactory;

/**
 * Registers the agent's self-metrics with Micrometer when Micrometer is on the class path, and
 * does nothing otherwise. Like {@link MicrometerSupport}, it loads the Micrometer-linked observer
 * by reflection only after checking that Micrometer can be loaded. Stateless; found by
 * ServiceLoader.
 */
public final class MicrometerObserverFactory implements AgentObserverFactory {

    static final String OBSERVER_CLASS = "org.clusteragent.metrics.micrometer.AgentMeters";

    @Override
    public Optional<AgentObserver> create() {
        ClassLoader loader = MicrometerObserverFactory.class.getClassLoader();
        try {
            Class.forName(MicrometerSupport.PROBE_CLASS, false, loader);
            return Optional.of((AgentObserver) Class.forName(OBSERVER_CLASS, true, loader)
                    .getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty(); // no Micrometer here: no self-metrics, nothing to report
        }
    }
}
