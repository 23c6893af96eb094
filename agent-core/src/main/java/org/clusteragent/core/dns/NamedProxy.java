package org.clusteragent.core.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.clusteragent.spi.ProxyAddress;

/**
 * One {@code proxyList} entry that is a host name, and the proxies its last resolutions gave:
 * each with how many resolutions in a row it has been missing from. Used by one thread only.
 */
final class NamedProxy {

    /** What one resolution changed. */
    record Change(List<ProxyAddress> added, List<ProxyAddress> dropped) {
        boolean isEmpty() {
            return added.isEmpty() && dropped.isEmpty();
        }
    }

    /** Resolutions a vanished record is kept for before its proxy is dropped. */
    static final int MISSES_TO_DROP = 2;

    private final ProxyAddress entry;
    private final Map<ProxyAddress, Integer> misses = new LinkedHashMap<>();
    long nextNanos;
    boolean inOutage;
    /** Set once a resolution was made because every proxy of the name failed; cleared when one works. */
    boolean resolvedForFailure;

    NamedProxy(ProxyAddress entry) {
        this.entry = entry;
    }

    ProxyAddress entry() {
        return entry;
    }

    String name() {
        return entry.host();
    }

    Set<ProxyAddress> proxies() {
        return new LinkedHashSet<>(misses.keySet());
    }

    /** Applies a successful resolution: new records are added, records missing twice dropped. */
    Change resolved(List<InetAddress> addresses) {
        Set<ProxyAddress> now = new LinkedHashSet<>();
        for (InetAddress address : addresses) {
            now.add(new ProxyAddress(address.getHostAddress(), entry.port(), entry.secure()));
        }
        List<ProxyAddress> added = new ArrayList<>();
        List<ProxyAddress> dropped = new ArrayList<>();
        for (Iterator<Map.Entry<ProxyAddress, Integer>> it = misses.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<ProxyAddress, Integer> known = it.next();
            if (now.contains(known.getKey())) {
                known.setValue(0);
            } else if (known.getValue() + 1 >= MISSES_TO_DROP) {
                it.remove();
                dropped.add(known.getKey());
            } else {
                known.setValue(known.getValue() + 1);
            }
        }
        for (ProxyAddress proxy : now) {
            if (!misses.containsKey(proxy)) {
                misses.put(proxy, 0);
                added.add(proxy);
            }
        }
        return new Change(added, dropped);
    }

    @Override
    public String toString() {
        return entry.toString();
    }
}
