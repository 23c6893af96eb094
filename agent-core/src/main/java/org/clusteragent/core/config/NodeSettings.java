package org.clusteragent.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The node and balancer settings a worker sends in MCMP CONFIG. Immutable. A setting is sent only
 * when it differs from the proxy's own default: empty optionals and {@link #UNSET} (-1) integers
 * are left out of CONFIG, {@code stickySession} is sent only as {@code No},
 * {@code stickySessionRemove} only as {@code Yes}, {@code flushPackets} only as {@code On}.
 * {@code stickySessionForce} is the exception: it is always sent, because httpd's own default
 * (on) differs from the mod_cluster worker's (off), and under httpd's default the sticky clients
 * of a draining node get 503 instead of moving to another node.
 *
 * @param balancer            {@code Balancer}; empty: the proxy's default (mycluster)
 * @param loadBalancingGroup  {@code Domain}; empty: none
 * @param stickySession       false sends {@code StickySession=No}
 * @param stickySessionRemove true sends {@code StickySessionRemove=Yes}
 * @param stickySessionForce  sends {@code StickySessionForce=Yes} when true, {@code =No} when false
 * @param workerTimeout       {@code WaitWorker} in seconds, or {@link #UNSET}
 * @param maxAttempts         {@code Maxattempts}, or {@link #UNSET}
 * @param flushPackets        true sends {@code flushpackets=On}
 * @param flushWait           {@code flushwait} in milliseconds, or {@link #UNSET}
 * @param ping                {@code ping} in seconds, or {@link #UNSET}
 * @param smax                {@code smax}, or {@link #UNSET}
 * @param ttl                 {@code ttl} in seconds, or {@link #UNSET}
 * @param nodeTimeout         {@code Timeout} in seconds, or {@link #UNSET}
 */
public record NodeSettings(Optional<String> balancer, Optional<String> loadBalancingGroup,
                           boolean stickySession, boolean stickySessionRemove,
                           boolean stickySessionForce, int workerTimeout, int maxAttempts,
                           boolean flushPackets, int flushWait, int ping, int smax, int ttl,
                           int nodeTimeout) {

    /** The value of an integer setting that is not sent, leaving the proxy's default. */
    public static final int UNSET = -1;

    /** Every setting at its default: CONFIG carries only {@code StickySessionForce=No}. */
    public static final NodeSettings DEFAULT = new NodeSettings(Optional.empty(), Optional.empty(),
            true, false, false, UNSET, UNSET, false, UNSET, UNSET, UNSET, UNSET, UNSET);

    public NodeSettings {
        Objects.requireNonNull(balancer, "balancer");
        Objects.requireNonNull(loadBalancingGroup, "loadBalancingGroup");
        for (int value : new int[] {workerTimeout, maxAttempts, flushWait, ping, smax, ttl, nodeTimeout}) {
            if (value < UNSET) {
                throw new IllegalArgumentException("node setting " + value + " is below -1 (unset)");
            }
        }
    }
}
