package org.clusteragent.metrics.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Objects;

/**
 * Where {@code micrometer} load metrics look their meters up: Micrometer's
 * {@link Metrics#globalRegistry} unless an adapter or application calls {@link #use} with its own
 * registry (e.g. Spring Boot's, or one the container adapter exposes). The registry is read each
 * time a metric looks its meter up, which it does until it finds it, so {@link #use} may be called
 * after the provider is built, as long as it is before the meter is first found. Thread-safe.
 */
public final class MicrometerRegistries {

    private static volatile MeterRegistry registry;

    private MicrometerRegistries() {
    }

    /** Makes {@code meterRegistry} the one searched by {@code micrometer} load metrics. */
    public static void use(MeterRegistry meterRegistry) {
        registry = Objects.requireNonNull(meterRegistry, "meterRegistry");
    }

    /** Goes back to {@link Metrics#globalRegistry}. */
    public static void reset() {
        registry = null;
    }

    /** The registry searched now. */
    public static MeterRegistry current() {
        MeterRegistry r = registry;
        return r != null ? r : Metrics.globalRegistry;
    }
}
