package org.clusteragent.advertise;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.clusteragent.spi.ProxyDiscovery;
import org.clusteragent.spi.ProxyDiscoveryFactory;

/**
 * The {@link ProxyDiscoveryFactory} for multicast advertise, found by {@link java.util.ServiceLoader}.
 * Switched on by {@code advertise=true}, or by default when {@code proxyList} is empty. Creating
 * validates the configuration and starts nothing. Stateless and thread-safe.
 */
public final class AdvertiseDiscoveryFactory implements ProxyDiscoveryFactory {

    @Override
    public Set<String> propertyNames() {
        return AdvertiseSettings.PROPERTY_NAMES;
    }

    @Override
    public Optional<ProxyDiscovery> create(Map<String, String> properties) {
        return AdvertiseSettings.parse(properties).map(AdvertiseDiscovery::new);
    }
}
