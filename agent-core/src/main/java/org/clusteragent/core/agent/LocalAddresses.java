package org.clusteragent.core.agent;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.clusteragent.spi.ProxyAddress;

/**
 * The local address this host uses towards each proxy, worked out once per proxy (on its first
 * CONFIG, when it is added) and then reused by every resync and drift repair, so neither repeats
 * the routing lookup (and, for a proxy given by name, the DNS lookup) each time. Thread-safe.
 */
public final class LocalAddresses implements Function<ProxyAddress, InetAddress> {

    private final Function<ProxyAddress, InetAddress> lookup;
    private final Map<ProxyAddress, InetAddress> known = new ConcurrentHashMap<>();

    public LocalAddresses() {
        this(NodeConfigs::localAddressTowards);
    }

    /** With the lookup to cache, e.g. in tests. */
    public LocalAddresses(Function<ProxyAddress, InetAddress> lookup) {
        this.lookup = lookup;
    }

    @Override
    public InetAddress apply(ProxyAddress proxy) {
        return known.computeIfAbsent(proxy, lookup);
    }
}
