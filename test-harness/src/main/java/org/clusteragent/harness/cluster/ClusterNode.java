package org.clusteragent.harness.cluster;

/**
 * One node of the local cluster: a servlet container running the demo war with the cluster agent,
 * named by its jvmRoute. Operations block until done (a stop or undeploy includes the agent's drain,
 * so it may take up to the drain timeout); {@link #state()} may be read at any time from any thread.
 * Implementations are thread-safe; operations on one node are serialised.
 */
public interface ClusterNode extends AutoCloseable {

    /** Life of a node as the live page shows it. */
    enum State { NEW, STARTING, RUNNING, STOPPING, STOPPED, UNDEPLOYING, UNDEPLOYED, DEPLOYING, FAILED }

    /** The node's jvmRoute, e.g. {@code tomcat-1}. */
    String name();

    /** {@code tomcat} or {@code undertow}. */
    String kind();

    State state();

    /** The node's own HTTP port on 127.0.0.1 (requests here bypass the balancer); 0 before the first start. */
    int port();

    /** Starts the container with the demo deployed (also after {@link #stop()}). */
    void start() throws Exception;

    /** Stops the container; the agent drains the node first. */
    void stop() throws Exception;

    /** Undeploys the demo; the container keeps running. */
    void undeploy() throws Exception;

    /** Deploys the demo again after {@link #undeploy()}. */
    void redeploy() throws Exception;

    /** Stops the node if it runs and releases everything; final. */
    @Override
    void close();
}
