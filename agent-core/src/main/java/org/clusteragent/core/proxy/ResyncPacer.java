package org.clusteragent.core.proxy;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Paces the resyncs that replies and discovery ask for (a new proxy id, an unknown node, an
 * advertised restart), so that a proxy whose id changes on every reply, or a flood of advertise
 * datagrams, costs a few full resyncs instead of one per reply. After such a resync the next may
 * run only after a gap that doubles from 1 s up to 30 s while they keep coming, and goes back to
 * 1 s after a quiet minute, after a resync that is not paced, or as soon as the proxy has shown
 * one id twice after a resync (a real restart is then over, so the next one, a second or more
 * later, is not a storm; the lane probes right after each paced resync to find out); requests
 * meanwhile are folded into one that runs when the gap ends.
 * Resyncs after an outage, of a new proxy and refreshes by an operator are not paced. Lane-thread
 * confined; time from the lane's {@link LaneClock}.
 */
final class ResyncPacer {

    static final Duration FIRST_GAP = Duration.ofSeconds(1);
    static final Duration MAX_GAP = Duration.ofSeconds(30);
    private static final long QUIET_NANOS = Duration.ofSeconds(60).toNanos();

    private final Backoff gaps;
    private boolean ranOnce;
    private long lastRun;
    private long allowedAt;
    private ResyncReason deferred;
    private long deferredCount;

    ResyncPacer(RandomGenerator random) {
        this.gaps = new Backoff(FIRST_GAP, MAX_GAP, random);
    }

    static boolean paced(ResyncReason reason) {
        return reason == ResyncReason.RESTARTED || reason == ResyncReason.NODE_UNKNOWN;
    }

    /** Whether a paced resync may run now; if not, it is kept (folded into any kept before). */
    boolean mayRun(ResyncReason reason, long now) {
        if (!ranOnce || now - allowedAt >= 0) {
            return true;
        }
        if (deferred == null) {
            deferred = reason;
        }
        deferredCount++;
        return false;
    }

    /**
     * A resync ran: it answers anything kept, and starts the next gap. One that is not paced (after
     * an outage, of a new proxy, by an operator) marks a real event, not a storm: the gaps start again
     * from {@link #FIRST_GAP}.
     */
    void ran(long now, boolean paced) {
        if (!paced || ranOnce && now - lastRun > QUIET_NANOS) {
            gaps.reset();
        }
        ranOnce = true;
        lastRun = now;
        allowedAt = now + gaps.nextDelayNanos();
        deferred = null;
    }

    /**
     * The proxy showed a steady id after the last resync: the next paced resync may run
     * {@link #FIRST_GAP} after the last one began, and the gaps start again from there. So a proxy
     * that forgets the node right after every resync costs at most one resync a second, however
     * often the agent talks to it. Kept requests stay kept until their gap ends.
     */
    void settled() {
        gaps.reset();
        if (deferred == null) {
            allowedAt = lastRun + FIRST_GAP.toNanos();
        }
    }

    /** The kept resync, when its gap is over, else null. */
    ResyncReason due(long now) {
        return deferred != null && now - allowedAt >= 0 ? deferred : null;
    }

    /** When the kept resync may run (only meaningful while {@link #hasDeferred()}). */
    long allowedAt() {
        return allowedAt;
    }

    boolean hasDeferred() {
        return deferred != null;
    }

    /** How many resync requests were held back so far. */
    long deferredCount() {
        return deferredCount;
    }
}
