package org.clusteragent.core.mcmp;

/**
 * One {@code Node:} line of an INFO reply. {@code id} is the proxy's node slot, referred to by
 * {@link VhostInfo#nodeId()} and {@link ContextInfo#nodeId()}; {@code name} is the JVMRoute;
 * {@code host} is without IPv6 brackets; {@code domain} is the {@code LBGroup} ({@code ""} when
 * none); {@code load} is the proxy's current load factor for the node. Immutable.
 */
public record NodeInfo(int id, String name, String balancer, String domain, String host, int port, String type,
                       int load) {
}
