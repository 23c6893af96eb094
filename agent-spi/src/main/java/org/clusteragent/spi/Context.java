package org.clusteragent.spi;

/**
 * A read-only view of one deployed web application. {@link #path()} is the context path as the
 * servlet API gives it: the empty string for the root context, otherwise starting with {@code /}.
 * The counters are point-in-time values read from the live container; implementations must be
 * safe to call from any thread.
 */
public interface Context {

    /** The context path: {@code ""} for the root context, else e.g. {@code /demo}. */
    String path();

    /** The virtual host this context is deployed on. */
    Host host();

    /** True while the context is started and can serve requests. */
    boolean isStarted();

    /** Sessions currently active in this context (0 when the context has no session manager). */
    int activeSessions();

    /** Requests currently being processed by this context (counted by the adapter). */
    int activeRequests();

    /**
     * Asks to be told when {@link #activeRequests()} may have fallen to zero: {@code listener} runs,
     * on whatever thread completed a request, each time one of the context's counters reaches zero,
     * until {@link #removeIdleListener} (it must be quick and must not block; it should read the
     * count again, which may have risen meanwhile). A caller adds the listener first and then reads
     * the count. Adapters count with {@link InFlightCount}.
     *
     * @return false when this context cannot tell (the default): the caller must then read the
     *         count again from time to time
     */
    default boolean addIdleListener(Runnable listener) {
        return false;
    }

    /** Stops telling {@code listener}; nothing happens when it was not added. */
    default void removeIdleListener(Runnable listener) {
    }

    /** True when the application is marked distributable (its sessions survive a node leaving). */
    boolean isDistributable();
}
