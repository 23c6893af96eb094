package org.clusteragent.spi;

import java.util.Map;

/**
 * A read-only view of a running agent for {@link AgentObserver}s: its nodes, its load provider
 * and the state of each proxy. Reads are cheap and safe from any thread; the values are live.
 */
public interface AgentView {

    /** The engine of each node, by jvmRoute. */
    Map<String, Engine> nodes();

    /** The provider of the load factors the agent sends. */
    LoadFactorProvider loadProvider();

    /** Each proxy's state: {@code NEW}, {@code OK}, {@code ERROR}, {@code DOWN} or {@code CLOSED}. */
    Map<ProxyAddress, String> proxyStates();
}
