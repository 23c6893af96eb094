package org.clusteragent.spi;

/**
 * What a container adapter tells the agent, translated from the container's own lifecycle events.
 * The adapter calls {@link #init} once, then {@link #start(Server)}; contexts are announced with
 * {@link #add}/{@link #start(Context)} as they deploy and {@link #stop(Context)}/{@link #remove}
 * as they go; {@link #status} is called periodically when the container drives the status tick;
 * {@link #stop(Server)} and {@link #shutdown} end the sequence.
 *
 * <p>{@link #stop(Context)} and {@link #stop(Server)} block while requests and sessions drain
 * (bounded by the configured timeout): the adapter calls them before the container stops serving,
 * so that no user sees an error. Every other method returns promptly and never waits on a proxy.
 * Implementations are thread-safe and never throw for network failures.
 */
public interface ContainerEventHandler {

    /** The container is initialising: read configuration, prepare (start no thread yet). */
    void init(Server server);

    /** The container has started: register the node and its started contexts with every proxy. */
    void start(Server server);

    /** The container is stopping: drain every context, then remove the node from every proxy. */
    void stop(Server server);

    /** The container is going away for good: release every resource and thread. */
    void shutdown();

    /** A context was deployed (it may not be started yet). */
    void add(Context context);

    /** A context has started and can serve requests. */
    void start(Context context);

    /** A context is about to stop: drain it. Blocks until drained or the drain times out. */
    void stop(Context context);

    /** A context was undeployed. */
    void remove(Context context);

    /** The container's periodic tick for this engine: report the load to every proxy. */
    void status(Engine engine);
}
