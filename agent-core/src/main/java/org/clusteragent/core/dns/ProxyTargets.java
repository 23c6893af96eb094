package org.clusteragent.core.dns;

import org.clusteragent.spi.ProxyAddress;

/**
 * What {@link DnsProxies} changes: the agent's set of proxies. Implemented over the agent's
 * proxy registry; tests use an in-memory one. Must be thread-safe.
 */
public interface ProxyTargets {

    /** Starts talking to this proxy (an IP literal); nothing when already present. */
    void add(ProxyAddress proxy);

    /** Stops talking to this proxy. */
    void remove(ProxyAddress proxy);

    /** True while the proxy cannot be reached or refuses the agent (its lane is in ERROR or DOWN). */
    boolean failing(ProxyAddress proxy);
}
