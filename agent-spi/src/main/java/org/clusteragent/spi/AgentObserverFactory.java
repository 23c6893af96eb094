package org.clusteragent.spi;

import java.util.Optional;

/**
 * Creates an {@link AgentObserver} when the environment supports it (for example only when
 * Micrometer is on the class path). Found by {@link java.util.ServiceLoader}; any number may be
 * present. Stateless and thread-safe.
 */
public interface AgentObserverFactory {

    /** The observer, or empty when it cannot work here; never throws. */
    Optional<AgentObserver> create();
}
