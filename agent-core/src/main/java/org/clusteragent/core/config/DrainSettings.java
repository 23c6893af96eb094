package org.clusteragent.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How a stopping context (or node) is drained: how long at most, and whether active sessions are
 * waited for. Immutable. The timeout is kept as written ({@code stopContextTimeout} in
 * {@code stopContextTimeoutUnit}) so that it can be shown back to the operator; {@link #timeout()}
 * gives the bound to apply.
 *
 * @param stopContextTimeout     the bound in {@code stopContextTimeoutUnit}; 0 or less means no bound
 * @param stopContextTimeoutUnit the unit of {@code stopContextTimeout}
 * @param sessionDrainingStrategy when to wait for active sessions
 */
public record DrainSettings(long stopContextTimeout, TimeUnit stopContextTimeoutUnit,
                            SessionDrainingStrategy sessionDrainingStrategy) {

    /** 10 seconds, {@link SessionDrainingStrategy#DEFAULT}. */
    public static final DrainSettings DEFAULT =
            new DrainSettings(10, TimeUnit.SECONDS, SessionDrainingStrategy.DEFAULT);

    public DrainSettings {
        Objects.requireNonNull(stopContextTimeoutUnit, "stopContextTimeoutUnit");
        Objects.requireNonNull(sessionDrainingStrategy, "sessionDrainingStrategy");
    }

    /** The longest a drain may wait, or empty when it may wait for ever. */
    public Optional<Duration> timeout() {
        if (stopContextTimeout <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.of(stopContextTimeout, stopContextTimeoutUnit.toChronoUnit()));
    }
}
