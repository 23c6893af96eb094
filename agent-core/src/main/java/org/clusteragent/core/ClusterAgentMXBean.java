package org.clusteragent.core;

/**
 * Operations on a running agent over JMX, registered as
 * {@code org.clusteragent:type=ClusterAgent,node=<jvmRoutes>}. Reads return plain text meant for
 * people (one line per proxy, node or metric); operations take effect on every proxy at once and
 * are remembered as the desired state, so a proxy that appears later is told the same.
 */
public interface ClusterAgentMXBean {

    /** One line per proxy: address, state, last id, last reply, last error, counters. */
    String[] getProxies();

    /** One line per node: jvmRoute, connector, each context with its desired state. */
    String[] getNodes();

    /** The load factor last sent per node, e.g. {@code node1=87}. */
    String[] getLoadFactors();

    /** The breakdown of the last load factor per node: each metric's raw, normalised, decayed value, weight and share. */
    String getLoadExplanation();

    /** Enables every context on every proxy. */
    void enableContexts();

    /** Disables every context (no new sessions) on every proxy. */
    void disableContexts();

    /** Drains every context (as on shutdown) within {@code timeoutSeconds} (0 or less: no bound); true when all drained. */
    boolean stopContexts(long timeoutSeconds);

    /** Enables one context, e.g. ({@code localhost}, {@code /demo}; {@code /} or empty for the root); false if unknown. */
    boolean enableContext(String host, String path);

    /** Disables one context; false if unknown. */
    boolean disableContext(String host, String path);

    /** Stops one context (no new requests) on every proxy; false if unknown. */
    boolean stopContext(String host, String path);

    /** Re-sends everything to every proxy. */
    void refresh();

    /** Lets proxies marked DOWN (bad replies) be tried again. */
    void resetDownProxies();

    /** Adds a proxy at run time, as {@code host:port}. */
    void addProxy(String hostPort);

    /** Removes a proxy at run time, as {@code host:port}. */
    void removeProxy(String hostPort);

    /** What every proxy answers to INFO, as text. */
    String info();

    /** What every proxy answers to DUMP, as text. */
    String dump();
}
