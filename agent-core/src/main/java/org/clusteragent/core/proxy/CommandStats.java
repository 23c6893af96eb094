package org.clusteragent.core.proxy;

/**
 * Totals for one MCMP command on one proxy: how many replies arrived and how long they took
 * (nanoseconds, from writing the request to the end of the reply). Immutable.
 */
public record CommandStats(long count, long totalNanos, long maxNanos) {

    /** Mean time per reply in nanoseconds, 0 when there was none. */
    public long meanNanos() {
        return count == 0 ? 0 : totalNanos / count;
    }
}
