package org.clusteragent.core.proxy;

/**
 * Where a {@link ProxyLane} stands with its proxy. Transitions happen only on the lane's thread;
 * the value may be read from any thread.
 */
public enum ProxyState {
    /** Added, nothing heard from the proxy yet; commands are sent. */
    NEW,
    /** The last exchange got an MCMP reply; commands are sent. */
    OK,
    /**
     * The proxy could not be reached or did not answer in time. Queued commands are dropped
     * (counted), and the lane retries with a capped exponential backoff; when the proxy answers
     * again it is resynced with {@link ResyncReason#RECOVERED}.
     */
    ERROR,
    /**
     * The proxy rejected our messages as malformed ({@code SYNTAX}) or is not an MCMP endpoint
     * ({@code 501}). Retrying would fail the same way, so nothing is sent until
     * {@link ProxyRegistry#resetDown()} or the proxy is removed and added again.
     */
    DOWN,
    /** The lane was stopped; it will send nothing more. */
    CLOSED
}
