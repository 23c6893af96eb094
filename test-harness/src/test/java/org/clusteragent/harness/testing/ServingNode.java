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

    /** Undeploys {@link NodeServlet#APP} at run time (the agent drains it first). */
    void undeployApp() throws Exception;

    /** Shuts the node down as its container does (the agent drains and deregisters first). */
    void stop() throws Exception;
}
