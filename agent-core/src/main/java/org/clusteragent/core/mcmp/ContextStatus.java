package org.clusteragent.core.mcmp;

/** The state of a context in a proxy's tables, as {@code INFO} reports it. */
public enum ContextStatus {
    ENABLED, DISABLED, STOPPED, REMOVED
}
