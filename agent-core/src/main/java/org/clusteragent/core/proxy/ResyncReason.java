package org.clusteragent.core.proxy;

/** Why a proxy must be told this node's whole state again ({@link ProxyListener#resync}). */
public enum ResyncReason {
    /** The proxy was just added to the registry. */
    ADDED,
    /** The proxy answers again after a period in {@link ProxyState#ERROR} (or after a reset of DOWN). */
    RECOVERED,
    /** The proxy's id changed in a STATUS or PING reply, or discovery said it restarted. */
    RESTARTED,
    /** The proxy answered {@code MEM: Can't read node}: it does not know this node. */
    NODE_UNKNOWN,
    /** An operator or the agent asked for it ({@link ProxyRegistry#refresh()}). */
    REFRESH
}
