package org.clusteragent.core.proxy;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.clusteragent.spi.ProxyAddress;
import org.jboss.logging.Logger;

/**
 * The state machine of one {@link ProxyLane}: its {@link ProxyState}, the retry schedule while in
 * ERROR, the proxy's last id, and the resync a reply asked for. Every transition is logged here,
 * once. Mutated only by the lane thread; {@link #state()} and {@link #lastId()} may be read from
 * any thread.
 */
final class LaneHealth {

    private static final Logger LOG = Logger.getLogger(ProxyLane.class);

    private final ProxyAddress address;
    private final Backoff backoff;
    private final Runnable disconnect;
    private final LaneStats stats;
    private final LaneClock clock;
    private volatile ProxyState state = ProxyState.NEW;
    private volatile OptionalLong lastId = OptionalLong.empty();
    private boolean idBaseline = true;
    private ResyncReason pending;
    private long nextAttemptNanos;
    private long errorSinceNanos;

    LaneHealth(ProxyAddress address, Backoff backoff, Runnable disconnect, LaneStats stats, LaneClock clock) {
        this.clock = clock;
        this.address = address;
        this.backoff = backoff;
        this.disconnect = disconnect;
        this.stats = stats;
    }

    ProxyState state() {
        return state;
    }

    OptionalLong lastId() {
        return lastId;
    }

    /** NEW or OK: commands go out. */
    boolean sendable() {
        ProxyState s = state;
        return s == ProxyState.NEW || s == ProxyState.OK;
    }

    void closed() {
        state = ProxyState.CLOSED;
    }

    /** Nanoseconds until the next retry in ERROR (zero or less: now). */
    long nanosUntilRetry(long now) {
        return nextAttemptNanos - now;
    }

    /** An MCMP reply arrived. */
    void answering() {
        if (state == ProxyState.NEW) {
            state = ProxyState.OK;
        }
    }

    /** No reply: enter (or stay in) ERROR and schedule the next attempt. */
    void unreachable(IOException cause) {
        disconnect.run();
        long now = clock.nanoTime();
        if (state != ProxyState.ERROR) {
            LOG.warnf("CLAG1101: proxy %s is unreachable (%s)%s; dropping its commands and retrying, at most %d ms apart",
                    address, cause.toString(), hint(cause), TimeUnit.NANOSECONDS.toMillis(backoff.maxNanos()));
            state = ProxyState.ERROR;
            errorSinceNanos = now;
            backoff.reset();
        } else {
            LOG.debugf("proxy %s still unreachable: %s", address, cause);
        }
        nextAttemptNanos = now + backoff.nextDelayNanos();
    }

    private static String hint(IOException cause) {
        if (cause instanceof javax.net.ssl.SSLException) {
            return " [TLS: check that the trust store holds the proxy's CA and that its certificate names the"
                    + " address dialled; a client certificate is needed if the proxy requires one]";
        }
        return "";
    }

    /** A reply that retrying cannot fix: stop sending until a reset. */
    void down(String why) {
        disconnect.run();
        state = ProxyState.DOWN;
        LOG.errorf("CLAG1103: proxy %s is DOWN: %s. Nothing more is sent to it until it is reset "
                + "(resetDown operation) or removed and added again.", address, why);
    }

    /** Leave DOWN, or cut an ERROR wait short: the lane tries the proxy at once. */
    void reset() {
        ProxyState now = state;
        if (now == ProxyState.DOWN || now == ProxyState.ERROR) {
            LOG.infof("CLAG1109: proxy %s was %s; reset by request, trying it again now", address, now);
            state = ProxyState.ERROR;
            backoff.reset();
            errorSinceNanos = clock.nanoTime();
            nextAttemptNanos = errorSinceNanos;
        }
    }

    /** The recovery probe was answered: back to OK (the caller resyncs). */
    void recovered() {
        long outageMillis = TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - errorSinceNanos);
        LOG.infof("CLAG1102: proxy %s answers again after %d ms (%d retries); telling it this node's state",
                address, outageMillis, backoff.attempts());
        state = ProxyState.OK;
        backoff.reset();
    }

    /**
     * The proxy reported its id. A change means it restarted; that asks for a RESTARTED resync
     * unless one is running or just ran (the first id after a resync is only taken as the new
     * reference: the proxy has just been told everything).
     */
    void idSeen(long id, boolean resyncing) {
        OptionalLong previous = lastId;
        lastId = OptionalLong.of(id);
        boolean baseline = idBaseline;
        idBaseline = false;
        if (previous.isPresent() && previous.getAsLong() != id) {
            stats.idChanged();
            LOG.infof("CLAG1105: proxy %s restarted (its id changed from %d to %d)", address, previous.getAsLong(), id);
            if (!resyncing && !baseline) {
                pending = ResyncReason.RESTARTED;
            }
        }
    }

    /** The proxy does not know this node; outside a resync, that asks for one. */
    void nodeUnknown(boolean resyncing) {
        if (!resyncing) {
            pending = ResyncReason.NODE_UNKNOWN;
        }
    }

    /** A resync starts: it answers any pending request, and re-bases the id comparison. */
    void resyncStarted() {
        idBaseline = true;
        pending = null;
    }

    /** The resync a reply asked for, if any, clearing it. */
    ResyncReason takePending() {
        ResyncReason r = pending;
        pending = null;
        return r;
    }
}
