package org.clusteragent.harness.testing;

/**
 * A test node serving {@link NodeServlet} at {@link NodeServlet#APP} with clusteragent inside, on
 * either container ({@link EmbeddedTomcatNode}, {@link UndertowNode}), so one scenario can run on
 * both. One test thread drives it.
 */
public interface ServingNode extends AutoCloseable {

    /** The node's name, also its jvmRoute. */
    String name();

    /** Requests inside the webapp's servlet right now. */
    int inFlight();

    /**
     * Deploys one more webapp at run time, at {@code contextPath} (e.g. {@code /app2}), served by a
     * {@link NodeServlet} of this node's name; the agent enables it at the proxies once it started.
     */
    void deploy(String contextPath) throws Exception;

    /** Undeploys {@link NodeServlet#APP} at run time (the agent drains it first). */
    void undeployApp() throws Exception;

    /** Shuts the node down as its container does (the agent drains and deregisters first). */
    void stop() throws Exception;
}
