package org.clusteragent.boot;

import io.micrometer.core.instrument.MeterRegistry;
import org.clusteragent.metrics.micrometer.MicrometerRegistries;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Points the agent's Micrometer support at the application's MeterRegistry once every singleton
 * exists, before the node starts: the self-metrics ({@code clusteragent.mcmp.*},
 * {@code clusteragent.proxy.*}) are registered there, and {@code micrometer(name=…)} load metrics
 * read the application's own meters (a connection pool, an executor). The choice is JVM-wide
 * (one registry per class loader), so the last application to start in a JVM wins; it is undone
 * when the context closes.
 */
final class MeterRegistryBinding implements SmartInitializingSingleton, DisposableBean {

    private final MeterRegistry registry;

    MeterRegistryBinding(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        MicrometerRegistries.use(registry);
    }

    @Override
    public void destroy() {
        if (MicrometerRegistries.current() == registry) {
            MicrometerRegistries.reset();
        }
    }
}
