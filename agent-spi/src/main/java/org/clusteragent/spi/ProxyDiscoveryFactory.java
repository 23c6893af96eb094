package org.clusteragent.spi;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link ProxyDiscovery} from the agent's string properties. Found by
 * {@link java.util.ServiceLoader}; zero or more may be present, each deciding from the properties
 * whether it is switched on. Stateless and thread-safe.
 */
public interface ProxyDiscoveryFactory {

    /** The property names this factory reads, so the agent can report names nobody reads. */
    Set<String> propertyNames();

    /**
     * Creates the discovery, or returns empty when the properties switch it off. Creating starts
     * nothing: the agent calls {@link ProxyDiscovery#start} on server start.
     *
     * @throws InvalidConfigurationException listing every bad value, each naming property and value
     */
    Optional<ProxyDiscovery> create(Map<String, String> properties);
}
