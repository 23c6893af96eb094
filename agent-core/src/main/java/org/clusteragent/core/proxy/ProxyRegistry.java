package org.clusteragent.core.proxy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.spi.ProxyAddress;
import org.jboss.logging.Logger;

/**
 * The proxies this node talks to, each with its own {@link ProxyLane}: one daemon thread per proxy
 * doing blocking I/O. That design is deliberate. Proxies are few (one to a handful), so a thread
 * each is cheap; blocking sockets give connect and read timeouts for free and keep the request
 * and reply handling straight-line code; and since no thread or connection is shared, a proxy that
 * hangs for a whole {@code socketTimeout} delays only its own commands while every other proxy
 * gets them at once. Commands for one proxy keep their order.
 *
 * <p>Nothing runs until {@link #start()}; {@link #close()} stops every lane thread and waits for
 * them (boundedly), after which no {@code clusteragent-proxy-*} thread remains. Commands queued but
 * not yet sent when a lane stops fail with {@link ProxyUnavailableException}: to make sure a last
 * command (such as a node-wide REMOVE-APP) went out, wait on its futures before closing.
 * All methods are thread-safe and return without waiting for the network.
 */
public final class ProxyRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProxyRegistry.class);

    /** How long {@link #close()} and {@link #remove} wait for a lane thread to end. */
    static final long STOP_WAIT_MILLIS = 5_000;

    private final ProxySettings settings;
    private final ProxyListener listener;
    private final RandomGenerator random;
    private final LaneClock clock;
    private final Map<ProxyAddress, ProxyLane> lanes = new LinkedHashMap<>();
    private boolean started;
    private boolean closed;
    private boolean farewell;

    public ProxyRegistry(ProxySettings settings, ProxyListener listener) {
        this(settings, listener, LaneClock.system());
    }

    /** With the clock that paces probes, retries and resyncs. */
    public ProxyRegistry(ProxySettings settings, ProxyListener listener, LaneClock clock) {
        this(settings, listener, RandomGenerator.getDefault(), clock);
    }

    /** With the random source for backoff jitter, so tests can fix it. */
    ProxyRegistry(ProxySettings settings, ProxyListener listener, RandomGenerator random, LaneClock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts the lanes of the proxies added so far; later additions start at once. Idempotent. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("ProxyRegistry was closed; create a new one");
        }
        if (!started) {
            started = true;
            lanes.values().forEach(ProxyLane::start);
        }
    }

    /**
     * Starts talking to a proxy: its lane begins with an {@link ResyncReason#ADDED} resync.
     * Adding a proxy already present does nothing (a DOWN proxy stays DOWN: remove it first, or
     * use {@link #resetDown()}).
     *
     * @return true when the proxy was not present before
     */
    public synchronized boolean add(ProxyAddress proxy) {
        Objects.requireNonNull(proxy, "proxy");
        if (closed) {
            throw new IllegalStateException("ProxyRegistry was closed; cannot add proxy " + proxy);
        }
        if (lanes.containsKey(proxy)) {
            return false;
        }
        ProxyLane lane = new ProxyLane(proxy, settings, listener, random, clock);
        lanes.put(proxy, lane);
        LOG.infof("CLAG1112: talking to proxy %s", proxy);
        if (started) {
            lane.start();
        }
        return true;
    }

    /**
     * Stops talking to a proxy; its queued commands fail. Sends nothing itself: a REMOVE-APP, if
     * wanted, must be sent (and waited for) before.
     *
     * @return true when the proxy was present
     */
    public boolean remove(ProxyAddress proxy) {
        ProxyLane lane;
        synchronized (this) {
            lane = lanes.remove(proxy);
        }
        if (lane == null) {
            return false;
        }
        LOG.infof("CLAG1113: no longer talking to proxy %s", proxy);
        lane.stop();
        awaitAll(List.of(lane));
        return true;
    }

    /** Discovery says this proxy restarted: resync it ({@link ResyncReason#RESTARTED}); adds it if unknown. */
    public synchronized void restarted(ProxyAddress proxy) {
        ProxyLane lane = lanes.get(proxy);
        if (lane == null) {
            add(proxy);
        } else {
            lane.requestResync(ResyncReason.RESTARTED);
        }
    }

    /** Resyncs every proxy ({@link ResyncReason#REFRESH}), in order with commands already queued. */
    public synchronized void refresh() {
        lanes.values().forEach(lane -> lane.requestResync(ResyncReason.REFRESH));
    }

    /** Retries every DOWN (and ERROR) proxy now; one that answers is resynced ({@link ResyncReason#RECOVERED}). */
    public synchronized void resetDown() {
        lanes.values().forEach(ProxyLane::resetDown);
    }

    /**
     * The node is saying goodbye: from now on only requests that cannot announce a node are queued
     * (REMOVE-APP, and the read-only INFO, DUMP and PING); any other (STATUS, CONFIG, ENABLE-APP, a
     * drift repair…) fails at once with {@link ProxyUnavailableException} in state CLOSED, so that
     * nothing queued after the goodbye brings the node back on any proxy. Requests queued before
     * still go out, in order. Irreversible for this registry.
     */
    public synchronized void farewell() {
        farewell = true;
    }

    private boolean refused(McmpRequest request) {
        if (!farewell) {
            return false;
        }
        return switch (request.command()) {
            case REMOVE_APP, INFO, DUMP, PING -> false;
            default -> true;
        };
    }

    private static CompletableFuture<McmpReply> refusal(ProxyAddress proxy) {
        return CompletableFuture.failedFuture(new ProxyUnavailableException(proxy, ProxyState.CLOSED));
    }

    /**
     * Queues a request on every lane and returns at once. Each future completes on that proxy's
     * lane thread with the reply (error replies included), or exceptionally with an
     * {@link java.io.IOException} when no reply came ({@link ProxyUnavailableException} when the
     * proxy was in ERROR or DOWN and the command was dropped).
     */
    public synchronized Map<ProxyAddress, CompletableFuture<McmpReply>> broadcast(McmpRequest request) {
        Objects.requireNonNull(request, "request");
        Map<ProxyAddress, CompletableFuture<McmpReply>> futures = new LinkedHashMap<>();
        boolean refused = refused(request);
        lanes.forEach((proxy, lane) -> futures.put(proxy, refused ? refusal(proxy) : lane.submit(request)));
        return futures;
    }

    /** Queues a request for one proxy; as {@link #broadcast}, failing at once for an unknown proxy. */
    public synchronized CompletableFuture<McmpReply> send(ProxyAddress proxy, McmpRequest request) {
        Objects.requireNonNull(request, "request");
        ProxyLane lane = lanes.get(proxy);
        if (lane == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("proxy " + proxy
                    + " is not registered; add it first (known: " + lanes.keySet() + ")"));
        }
        return refused(request) ? refusal(proxy) : lane.submit(request);
    }

    /** The registered proxies, in the order they were added. */
    public synchronized Set<ProxyAddress> proxies() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(lanes.keySet()));
    }

    /** One snapshot per proxy, in the order they were added. */
    public synchronized List<ProxySnapshot> snapshot() {
        List<ProxySnapshot> result = new ArrayList<>(lanes.size());
        lanes.values().forEach(lane -> result.add(lane.snapshot()));
        return result;
    }

    /** Stops every lane and waits for their threads (at most a few seconds). Idempotent. */
    @Override
    public void close() {
        List<ProxyLane> stopping;
        synchronized (this) {
            closed = true;
            stopping = new ArrayList<>(lanes.values());
            lanes.clear();
        }
        stopping.forEach(ProxyLane::stop);
        awaitAll(stopping);
    }

    private static void awaitAll(List<ProxyLane> stopping) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        try {
            for (ProxyLane lane : stopping) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (!lane.awaitStopped(left)) {
                    LOG.warnf("CLAG1114: the lane thread for proxy %s did not stop within %d ms; it is a daemon "
                            + "and ends with its current exchange", lane.address(), STOP_WAIT_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
