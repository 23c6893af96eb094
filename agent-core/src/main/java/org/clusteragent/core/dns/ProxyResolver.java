package org.clusteragent.core.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a proxy host name into all its addresses (A and AAAA records). Injectable so tests can
 * script additions, removals and failures without a DNS server. Implementations must be
 * thread-safe; they may block (the agent calls them on its own {@code clusteragent-dns} thread).
 */
@FunctionalInterface
public interface ProxyResolver {

    /**
     * Every address of {@code host}, in any order.
     *
     * @throws UnknownHostException when the name does not resolve (or resolves to nothing)
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JDK's resolver, {@link InetAddress#getAllByName}, with its cache ({@code networkaddress.cache.ttl}). */
    static ProxyResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
