package org.clusteragent.core.mcmp;

/**
 * One {@code Vhost:} line of an INFO reply, {@code [nodeId:vhostId:id]}: one alias of one virtual
 * host of one node. Undertow reports {@code id} as {@code -1}. Immutable.
 */
public record VhostInfo(int nodeId, int vhostId, int id, String alias) {
}
