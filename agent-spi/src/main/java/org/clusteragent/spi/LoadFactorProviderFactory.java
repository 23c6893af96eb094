package org.clusteragent.spi;

import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Builds the {@link LoadFactorProvider} from the agent's string properties (server.xml attributes,
 * extension properties). Found by {@link java.util.ServiceLoader}; exactly one must be present.
 * Stateless and thread-safe.
 */
public interface LoadFactorProviderFactory {

    /** The property names this factory reads, so the agent can report names nobody reads. */
    Set<String> propertyNames();

    /**
     * Creates the provider.
     *
     * @param properties every property given to the agent (names as written by the user)
     * @param nanoClock  monotonic time in nanoseconds, used for rates and decay
     * @throws InvalidConfigurationException listing every bad value, each naming property and value
     */
    LoadFactorProvider create(Map<String, String> properties, LongSupplier nanoClock);
}
