package org.clusteragent.core.config;

/**
 * When stopping a context waits for its active sessions to end (after new sessions have been
 * diverted to other nodes). Requests in flight are always waited for, whatever the strategy.
 */
public enum SessionDrainingStrategy {
    /** Wait for sessions only in contexts that are not distributable (their sessions would be lost). */
    DEFAULT,
    /** Always wait for sessions, even when the application is distributable. */
    ALWAYS,
    /** Never wait for sessions; only in-flight requests are drained. */
    NEVER
}
