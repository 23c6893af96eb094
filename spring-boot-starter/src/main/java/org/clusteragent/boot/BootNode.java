package org.clusteragent.boot;

/** The node of one kind of embedded web server, started and stopped by {@link ClusterAgentLifecycle}. */
interface BootNode {

    /** Registers the node; the web server's connectors are bound. Never throws for a proxy problem. */
    void start();

    /** Drains every context and removes the node; blocks meanwhile (bounded by stopContextTimeout). */
    void stop();

    boolean isRunning();
}
