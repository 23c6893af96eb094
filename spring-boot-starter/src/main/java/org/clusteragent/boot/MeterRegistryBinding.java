package org.clusteragent.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.clusteragent.metrics.micrometer.MicrometerRegistries;
import org.jboss.logging.Logger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Points the agent's Micrometer support at the application's MeterRegistry once every singleton
 * exists, before the node starts: the self-metrics ({@code clusteragent.mcmp.*},
 * {@code clusteragent.proxy.*}) are registered there, and {@code micrometer(name=…)} load metrics
 * read the application's own meters (a connection pool, an executor). The registry is the one
 * Spring would inject: the only MeterRegistry bean, or the {@code @Primary} one (Boot's composite
 * of all when there are several). Never Micrometer's JVM-wide {@code Metrics.globalRegistry}: with
 * no MeterRegistry bean, or several and none primary (logged as CLAG9010), the agent gets an empty
 * registry of its own, so its meters are recorded nowhere and {@code micrometer(…)} metrics find no
 * meter. The binding is per class loader (the agent's {@link MicrometerRegistries}), so of several
 * applications in one class loader the last one started wins; it is undone when the context closes.
 */
final class MeterRegistryBinding implements SmartInitializingSingleton, DisposableBean {

    private static final Logger LOG = Logger.getLogger(MeterRegistryBinding.class);

    private final ObjectProvider<MeterRegistry> registries;
    private volatile MeterRegistry bound;

    MeterRegistryBinding(ObjectProvider<MeterRegistry> registries) {
        this.registries = registries;
    }

    @Override
    public void afterSingletonsInstantiated() {
        MeterRegistry chosen = registries.getIfUnique();
        if (chosen == null) {
            long found = registries.stream().count();
            if (found > 1) {
                LOG.warnf("CLAG9010: the application has %d MeterRegistry beans and none is @Primary, so the cluster"
                        + " agent records its meters in none of them and micrometer(name=...) load metrics find no"
                        + " meter; mark the registry to use @Primary (Spring Boot's metrics auto-configuration does"
                        + " so with a composite of all)", found);
            }
            chosen = new CompositeMeterRegistry();
        }
        bound = chosen;
        MicrometerRegistries.use(chosen);
    }

    /** The registry the agent uses (null before the singletons exist). */
    MeterRegistry registry() {
        return bound;
    }

    @Override
    public void destroy() {
        MeterRegistry r = bound;
        if (r != null && MicrometerRegistries.current() == r) {
            MicrometerRegistries.reset();
        }
    }
}
