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
    /** The proxy showed one id twice since the last resync; see {@link #takeSettled()}. */
    private boolean settled;
    private ResyncReason pending;
    private long nextAttemptNanos;
    private long errorSinceNanos;
    private long idChangesInARow;
    private long unreadableInARow;
    private long errorsInARow;
    private long unknownInARow;

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
                    address, cause.toString(), TlsHint.of(cause, address.secure()),
                    TimeUnit.NANOSECONDS.toMillis(backoff.maxNanos()));
            state = ProxyState.ERROR;
            errorSinceNanos = now;
            backoff.reset();
        } else {
            LOG.debugf("proxy %s still unreachable: %s", address, cause);
        }
        nextAttemptNanos = now + backoff.nextDelayNanos();
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
            if (idChangesInARow++ == 0) {
                LOG.infof("CLAG1105: proxy %s restarted (its id changed from %d to %d)", address, previous.getAsLong(),
                        id);
            } else {
                LOG.debugf("proxy %s changed its id again, to %d", address, id);
            }
            if (!resyncing && !baseline) {
                pending = ResyncReason.RESTARTED;
            }
        } else if (previous.isPresent()) {
            if (idChangesInARow > 1) {
                LOG.warnf("CLAG1201: proxy %s changed its id in %d replies in a row; it keeps id %d again. A proxy"
                        + " that does so is restarting all the time or sends a made-up id; its resyncs were paced",
                        address, idChangesInARow, id);
            }
            idChangesInARow = 0;
            // the same id twice after the last resync: whatever restart that was is over
            settled |= !baseline && !resyncing;
        } else {
            idChangesInARow = 0;
        }
    }

    /** A reply that is not readable MCMP: warned about once per run of them. */
    void unreadable(String command, String why) {
        if (unreadableInARow++ == 0) {
            LOG.warnf("CLAG1111: proxy %s sent an unreadable reply to %s: %s", address, command, why);
        } else {
            LOG.debugf("proxy %s sent another unreadable reply to %s: %s", address, command, why);
        }
    }

    /** An MCMP error that needs no reaction: warned about once per run of them. */
    void errorReply(String command, String type, String message) {
        if (errorsInARow++ == 0) {
            LOG.warnf("CLAG1104: proxy %s answered %s with error %s: %s", address, command, type, message);
        } else {
            LOG.debugf("proxy %s answered %s with error %s again: %s", address, command, type, message);
        }
    }

    /** A readable reply that is no error: ends a run of unreadable or error replies, saying how long it was. */
    void goodReply() {
        if (unreadableInARow > 1) {
            LOG.infof("CLAG1202: proxy %s answers readably again after %d unreadable replies", address,
                    unreadableInARow);
        }
        if (errorsInARow > 1) {
            LOG.infof("CLAG1203: proxy %s answers without error again after %d error replies", address, errorsInARow);
        }
        if (unknownInARow > 1) {
            LOG.infof("CLAG1204: proxy %s knows this node again after %d replies saying it did not", address,
                    unknownInARow);
        }
        unreadableInARow = 0;
        errorsInARow = 0;
        unknownInARow = 0;
    }

    /** The proxy does not know this node; outside a resync, that asks for one. */
    void nodeUnknown(boolean resyncing, String message) {
        if (unknownInARow++ == 0) {
            LOG.infof("CLAG1106: proxy %s does not know this node (%s); telling it this node's state", address, message);
        } else {
            LOG.debugf("proxy %s still does not know this node (%s)", address, message);
        }
        if (!resyncing) {
            pending = ResyncReason.NODE_UNKNOWN;
        }
    }

    /** A resync starts: it answers any pending request, and re-bases the id comparison. */
    void resyncStarted() {
        idBaseline = true;
        settled = false;
        pending = null;
    }

    /**
     * Whether the proxy has shown the same id twice since the last resync (then a resync asked for
     * later is a new restart, not more of a storm), clearing it.
     */
    boolean takeSettled() {
        boolean s = settled;
        settled = false;
        return s;
    }

    /** The resync a reply asked for, if any, clearing it. */
    ResyncReason takePending() {
        ResyncReason r = pending;
        pending = null;
        return r;
    }
}
