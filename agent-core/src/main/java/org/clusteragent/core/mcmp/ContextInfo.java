package org.clusteragent.core.mcmp;

/**
 * One {@code Context:} line of an INFO reply, {@code [nodeId:vhostId:id]}: a context path on a
 * virtual host of a node, and its state there. Immutable.
 */
public record ContextInfo(int nodeId, int vhostId, int id, String path, ContextStatus status) {
}
