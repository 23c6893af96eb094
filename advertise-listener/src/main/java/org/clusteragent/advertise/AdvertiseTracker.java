package org.clusteragent.advertise;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.ProxyDiscovery;
import org.jboss.logging.Logger;

/**
 * Decides what each datagram means: checks digest, clock skew and sequence, keeps the set of
 * advertised proxies, and tells the {@link ProxyDiscovery.Listener} when one is found, restarts,
 * says goodbye or goes silent. No I/O. Not thread-safe: confined to the receive thread.
 */
final class AdvertiseTracker {

    static final int MAX_PROXIES = 256;
    static final int MAX_RETIRED = 1024;
    static final Duration MIN_TIMEOUT = Duration.ofSeconds(60);
    static final int TIMEOUT_INTERVALS = 6;
    /** At most one restart line per address in this time; the restarts in between are counted. */
    static final long RESTART_LOG_GAP_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static final Logger LOG = Logger.getLogger(AdvertiseTracker.class);

    private final AdvertiseDigest digest;
    private final long maxSkewMillis;
    private final Duration fixedTimeout;
    private final Clock wallClock;
    private final LongSupplier nanoTime;
    private final ProxyDiscovery.Listener listener;
    private final AdvertiseStatistics stats;

    private final Map<String, Proxy> proxies = new LinkedHashMap<>();
    /** Server ids that said goodbye or were replaced: their datagrams are old by definition. */
    private final Map<String, Boolean> retired = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_RETIRED;
        }
    };
    private final SenderLog badDigestLog = new SenderLog();
    private final SenderLog skewLog = new SenderLog();
    private final SenderLog mismatchLog = new SenderLog();

    private static final class Proxy {
        final String server;
        final ProxyAddress address;
        long lastSequence;
        Instant lastDate;
        long lastHeardNanos;
        long intervalNanos;
        boolean lost;
        /** When a restart at this address was last logged (carried over from run to run); 0: never. */
        long restartLoggedNanos;
        /** Restarts since then that were told to the listener but not logged, and the id before the last one. */
        int quietRestarts;
        String quietWas;

        Proxy(String server, ProxyAddress address) {
            this.server = server;
            this.address = address;
        }
    }

    AdvertiseTracker(AdvertiseDigest digest, Duration maxClockSkew, Duration fixedTimeout,
            Clock wallClock, LongSupplier nanoTime, ProxyDiscovery.Listener listener,
            AdvertiseStatistics stats) {
        this.digest = digest;
        this.maxSkewMillis = maxClockSkew.toMillis();
        this.fixedTimeout = fixedTimeout;
        this.wallClock = wallClock;
        this.nanoTime = nanoTime;
        this.listener = listener;
        this.stats = stats;
    }

    /** Handles one datagram; counts and returns its outcome. Never throws for any input. */
    AdvertiseOutcome onDatagram(byte[] data, int offset, int length, InetAddress source) {
        AdvertiseOutcome outcome;
        try {
            AdvertiseParser.Result parsed = AdvertiseParser.parse(data, offset, length);
            outcome = parsed.ok() ? onMessage(parsed.message(), source) : parsed.rejection();
        } catch (RuntimeException e) {
            LOG.errorf(e, "CLAG5025: Unexpected failure handling an advertise datagram from %s;"
                    + " it was dropped and the listener goes on", source);
            outcome = AdvertiseOutcome.INTERNAL_ERROR;
        }
        stats.record(outcome);
        if (outcome != AdvertiseOutcome.ACCEPTED) {
            LOG.debugf("CLAG5030: Advertise datagram from %s dropped: %s", source, outcome);
        }
        return outcome;
    }

    private AdvertiseOutcome onMessage(AdvertiseMessage m, InetAddress source) {
        String sender = source == null ? "?" : source.getHostAddress();
        if (!digest.verify(m)) {
            if (badDigestLog.first(sender)) {
                LOG.warnf("CLAG5010: Advertise datagram from %s (Server %s) has a wrong digest and is"
                        + " ignored; set advertiseSecurityKey to the proxy's key (further ones from"
                        + " this sender are not logged)", sender, m.server());
            }
            warnIfFull(badDigestLog, "wrong digest");
            return AdvertiseOutcome.BAD_DIGEST;
        }
        Instant date = parseDate(m.date());
        if (date == null) {
            return AdvertiseOutcome.MALFORMED;
        }
        long skew = Math.abs(date.toEpochMilli() - wallClock.millis());
        if (skew > maxSkewMillis) {
            if (skewLog.first(sender)) {
                LOG.warnf("CLAG5011: Advertise datagram from %s dated %s is %d s away from our clock"
                        + " (limit advertiseMaxClockSkew=%d s) and is ignored: a replay, or clocks"
                        + " out of sync (check NTP)", sender, m.date(), skew / 1000, maxSkewMillis / 1000);
            }
            warnIfFull(skewLog, "clock skew");
            return AdvertiseOutcome.CLOCK_SKEW;
        }
        if (retired.containsKey(m.server())) {
            return AdvertiseOutcome.RETIRED_SERVER;
        }
        long sequence = m.sequenceNumber();
        Proxy known = proxies.get(m.server());
        if (m.isGoodbye()) {
            return goodbye(known, sequence);
        }
        ProxyAddress address = ManagerAddress.parse(m.managerAddress(), m.managerProtocol(), source);
        if (address == null) {
            return AdvertiseOutcome.MALFORMED;
        }
        long now = nanoTime.getAsLong();
        if (known != null) {
            return heardAgain(known, address, sequence, date, now, sender);
        }
        return newServer(m.server(), address, sequence, date, now);
    }

    private AdvertiseOutcome goodbye(Proxy known, long sequence) {
        if (known == null) {
            return AdvertiseOutcome.UNKNOWN_SERVER;
        }
        if (sequence <= known.lastSequence) {
            return AdvertiseOutcome.REPLAY;
        }
        retire(known);
        LOG.infof("CLAG5004: Proxy %s (Server %s) said goodbye", known.address, known.server);
        if (!known.lost) {
            notifyListener(Event.LOST, known.address);
        }
        return AdvertiseOutcome.GOODBYE;
    }

    private AdvertiseOutcome heardAgain(Proxy p, ProxyAddress address, long sequence, Instant date,
            long now, String sender) {
        if (sequence <= p.lastSequence) {
            return AdvertiseOutcome.REPLAY;
        }
        if (!p.address.equals(address)) {
            // The digest does not cover the address, so this is how a forged copy looks.
            if (mismatchLog.first(p.server + "@" + sender)) {
                LOG.warnf("CLAG5012: Advertise datagram from %s claims Server %s is at %s, but it"
                        + " advertised %s before; ignored", sender, p.server, address, p.address);
            }
            return AdvertiseOutcome.ADDRESS_MISMATCH;
        }
        long gap = now - p.lastHeardNanos;
        if (gap > 0) {
            // Dividing by the sequence step discounts datagrams lost in between.
            p.intervalNanos = gap / (sequence - p.lastSequence);
        }
        p.lastSequence = sequence;
        p.lastDate = date;
        p.lastHeardNanos = now;
        if (p.lost) {
            p.lost = false;
            LOG.infof("CLAG5006: Proxy %s (Server %s) is advertising again", p.address, p.server);
            notifyListener(Event.FOUND, p.address);
        }
        return AdvertiseOutcome.ACCEPTED;
    }

    private AdvertiseOutcome newServer(String server, ProxyAddress address, long sequence,
            Instant date, long now) {
        Proxy previous = null;
        for (Proxy p : proxies.values()) {
            if (p.address.equals(address)) {
                previous = p;
                break;
            }
        }
        if (previous != null && date.isBefore(previous.lastDate)) {
            // Older than what the current run of this proxy sent: a replay of an earlier run.
            return AdvertiseOutcome.REPLAY;
        }
        if (previous == null && proxies.size() >= MAX_PROXIES && !evictOneLost()) {
            return AdvertiseOutcome.TOO_MANY_PROXIES;
        }
        Proxy p = new Proxy(server, address);
        p.lastSequence = sequence;
        p.lastDate = date;
        p.lastHeardNanos = now;
        if (previous != null) {
            retire(previous);
        }
        proxies.put(server, p);
        if (previous != null && !previous.lost) {
            p.restartLoggedNanos = previous.restartLoggedNanos;
            p.quietRestarts = previous.quietRestarts;
            if (p.restartLoggedNanos == 0 || now - p.restartLoggedNanos >= RESTART_LOG_GAP_NANOS) {
                logRestart(p, previous.server, now);
            } else {
                p.quietRestarts++; // a storm of new ids (or a proxy restarting in a loop): one line a minute
                p.quietWas = previous.server;
            }
            notifyListener(Event.RESTARTED, address);
        } else {
            LOG.infof("CLAG5002: Proxy %s found by advertise (Server %s)", address, server);
            notifyListener(Event.FOUND, address);
        }
        return AdvertiseOutcome.ACCEPTED;
    }

    private static void logRestart(Proxy p, String was, long now) {
        LOG.infof("CLAG5003: Proxy %s restarted (Server %s, was %s)%s", p.address, p.server, was,
                p.quietRestarts == 0 ? "" : "; " + p.quietRestarts + " more restart(s) at this address in the last "
                        + TimeUnit.NANOSECONDS.toSeconds(RESTART_LOG_GAP_NANOS) + " s were not logged");
        p.restartLoggedNanos = now == 0 ? 1 : now;
        p.quietRestarts = 0;
    }

    /**
     * Reports proxies not heard for their timeout as lost, and the count of restarts not logged once a
     * minute passed without another; call regularly from the receive thread.
     */
    void expire() {
        long now = nanoTime.getAsLong();
        for (Proxy p : proxies.values()) {
            if (p.quietRestarts > 0 && now - p.restartLoggedNanos >= RESTART_LOG_GAP_NANOS) {
                p.quietRestarts--; // the line names the last restart itself
                logRestart(p, p.quietWas, now);
            }
            if (p.lost) {
                continue;
            }
            long timeout = timeoutNanos(p);
            if (now - p.lastHeardNanos > timeout) {
                p.lost = true;
                LOG.warnf("CLAG5005: Proxy %s (Server %s) not heard for %d s; treated as lost",
                        p.address, p.server, Duration.ofNanos(timeout).toSeconds());
                notifyListener(Event.LOST, p.address);
            }
        }
    }

    long timeoutNanos(String server) {
        Proxy p = proxies.get(server);
        return p == null ? -1 : timeoutNanos(p);
    }

    private long timeoutNanos(Proxy p) {
        if (fixedTimeout != null) {
            return fixedTimeout.toNanos();
        }
        return Math.max(MIN_TIMEOUT.toNanos(), TIMEOUT_INTERVALS * p.intervalNanos);
    }

    private void retire(Proxy p) {
        proxies.remove(p.server);
        retired.put(p.server, Boolean.TRUE);
    }

    private boolean evictOneLost() {
        for (Iterator<Proxy> it = proxies.values().iterator(); it.hasNext();) {
            if (it.next().lost) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private void warnIfFull(SenderLog log, String what) {
        if (log.justFilled()) {
            LOG.warnf("CLAG5014: %d senders of datagrams with %s were logged; further senders are"
                    + " only counted", SenderLog.MAX_SENDERS, what);
        }
    }

    private enum Event { FOUND, RESTARTED, LOST }

    private void notifyListener(Event event, ProxyAddress address) {
        try {
            switch (event) {
                case FOUND -> listener.proxyFound(address);
                case RESTARTED -> listener.proxyRestarted(address);
                case LOST -> listener.proxyLost(address);
                default -> throw new AssertionError(event);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "CLAG5022: The discovery listener failed on %s of %s", event, address);
        }
    }

    /** RFC 1123 dates, with {@code GMT} (httpd) or a numeric offset such as {@code +0000} (Undertow). */
    static Instant parseDate(String date) {
        if (date.length() > 40) {
            return null;
        }
        try {
            return DateTimeFormatter.RFC_1123_DATE_TIME.parse(date, Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
