package org.clusteragent.core.proxy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

import org.clusteragent.core.mcmp.McmpEncoder;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpReplyParser;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.mcmp.PingRequest;
import org.clusteragent.core.mcmp.RawReply;
import org.clusteragent.core.mcmp.RequestTarget;
import org.clusteragent.spi.ProxyAddress;
import org.jboss.logging.Logger;

/**
 * Everything the agent sends to one proxy goes through its lane: a queue served by one daemon
 * thread, {@code clusteragent-proxy-<host>:<port>}, that owns the proxy's {@link ProxyConnection}
 * and {@link ProxyState}. Commands to one proxy are sent in the order they were queued, one at a
 * time; a slow or hung proxy blocks only its own lane. While the lane is in ERROR or DOWN, queued
 * commands are dropped (their futures fail with {@link ProxyUnavailableException}) instead of
 * piling up, because recovery replays the whole desired state through {@link ProxyListener#resync}.
 * When idle for the probe interval the lane sends its listener's {@link ProxyListener#probes()}
 * (the agent's: a PING naming each node), which find dead connections, a restarted proxy where its
 * PING-RSP carries an id (Undertow's and mod_proxy_cluster 2.x's do; mod_cluster 1.x httpd modules
 * answer without one), and a proxy that forgot a node but kept its id (its MEM reply resyncs).
 *
 * <p>Thread safety: {@link #state()}, {@link #address()} and {@link #snapshot()} may be called from
 * any thread; {@link #exchange} only from inside {@link ProxyListener#resync}, on this lane's
 * thread. Lanes are created, started and stopped by {@link ProxyRegistry}.
 */
public final class ProxyLane {

    private static final Logger LOG = Logger.getLogger(ProxyLane.class);
    private static final McmpReplyParser PARSER = new McmpReplyParser();

    private final ProxyAddress address;
    private final ProxyConnection connection;
    private final McmpEncoder encoder;
    private final RequestTarget target;
    private final GuardedListener listener;
    private final long probeNanos;
    private final LaneClock clock;
    private final LaneQueue queue;
    private final LaneStats stats = new LaneStats();
    private final LaneHealth health;
    private final ResyncPacer pacer;
    private final Thread thread;
    private volatile boolean stopping;

    // Confined to the lane thread.
    private boolean resyncing;
    private long lastActivityNanos;

    ProxyLane(ProxyAddress address, ProxySettings settings, ProxyListener listener, RandomGenerator random,
              LaneClock clock) {
        this.address = address;
        this.clock = clock;
        this.queue = new LaneQueue(clock);
        this.lastActivityNanos = clock.nanoTime();
        this.connection = new ProxyConnection(address, settings);
        this.encoder = new McmpEncoder(settings.userAgent());
        this.target = new RequestTarget(address.host(), address.port(), settings.proxyUrl());
        this.listener = new GuardedListener(address, listener);
        this.health = new LaneHealth(address, new Backoff(settings.backoffInitial(), settings.backoffMax(), random),
                connection::disconnect, stats, clock);
        this.pacer = new ResyncPacer(random);
        this.probeNanos = settings.probeInterval().toNanos();
        this.thread = new Thread(this::run, "clusteragent-proxy-" + address.host() + ":" + address.port());
        this.thread.setDaemon(true);
        queue.resync(ResyncReason.ADDED);
    }

    /** The proxy this lane talks to. */
    public ProxyAddress address() {
        return address;
    }

    /** The lane's current state. */
    public ProxyState state() {
        return health.state();
    }

    /** Counters and last results of this lane. */
    public ProxySnapshot snapshot() {
        return stats.snapshot(address, health.state(), health.lastId(), connection.connectionsOpened(), queue.size(),
                queue.coalesced());
    }

    /**
     * Sends one request now and returns the proxy's reply; for use inside
     * {@link ProxyListener#resync} only, where it runs before anything queued. Error replies are
     * returned, not thrown; they have the same effect on the lane as for queued commands (SYNTAX or
     * 501 make it DOWN), except that they never start another resync.
     *
     * @throws IOException                no reply: the lane is now in ERROR and will resync again on recovery;
     *                                    a {@link ProxyUnavailableException} when it already was, or is DOWN
     * @throws IllegalStateException      when called from anywhere but this lane's resync
     */
    public McmpReply exchange(McmpRequest request) throws IOException {
        if (Thread.currentThread() != thread || !resyncing) {
            throw new IllegalStateException("ProxyLane.exchange(" + request.command().wireName() + ") for " + address
                    + " was called outside ProxyListener.resync; queue it with ProxyRegistry.send instead");
        }
        if (stopping || !health.sendable()) {
            throw new ProxyUnavailableException(address, stopping ? ProxyState.CLOSED : health.state());
        }
        return transmit(request);
    }

    void start() {
        thread.start();
    }

    CompletableFuture<McmpReply> submit(McmpRequest request) {
        CompletableFuture<McmpReply> future = new CompletableFuture<>();
        if (stopping) {
            future.completeExceptionally(new ProxyUnavailableException(address, ProxyState.CLOSED));
        } else {
            queue.send(request, future);
        }
        return future;
    }

    void requestResync(ResyncReason reason) {
        queue.resync(reason);
    }

    void resetDown() {
        queue.add(new LaneTask.Reset());
    }

    /** Asks the thread to end and aborts any exchange in progress; see {@link #awaitStopped}. */
    void stop() {
        stopping = true;
        queue.add(new LaneTask.Stop());
        connection.close();
        thread.interrupt();
    }

    /** Waits up to the bound for the thread to end; true when it has (or never started). */
    boolean awaitStopped(long millis) throws InterruptedException {
        if (thread.getState() == Thread.State.NEW) {
            health.closed();
            failQueued();
            return true;
        }
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }

    private void run() {
        try {
            while (!stopping) {
                LaneTask task = next();
                try {
                    if (task == null) {
                        idle();
                    } else {
                        handle(task);
                    }
                } catch (RuntimeException e) {
                    // A bug must not silence the proxy for good: report it and serve the next task.
                    LOG.errorf(e, "CLAG1110: unexpected failure in the lane of proxy %s", address);
                }
            }
        } catch (InterruptedException e) {
            // stop() interrupts: leave quietly
        } finally {
            health.closed();
            connection.close();
            failQueued();
        }
    }

    /** The next task, or null when it is time to probe (OK) or to retry (ERROR). */
    private LaneTask next() throws InterruptedException {
        long now = clock.nanoTime();
        switch (health.state()) {
            case ERROR:
                long retry = health.nanosUntilRetry(now);
                return retry <= 0 ? null : queue.poll(now + retry);
            case DOWN:
                return queue.poll(Long.MAX_VALUE);
            default:
                long due = probeNanos == 0 ? Long.MAX_VALUE : lastActivityNanos + probeNanos;
                if (pacer.hasDeferred() && (due == Long.MAX_VALUE || pacer.allowedAt() - due < 0)) {
                    due = pacer.allowedAt(); // a held-back resync is due before the next probe
                }
                if (due == Long.MAX_VALUE) {
                    return queue.poll(Long.MAX_VALUE);
                }
                return due - now <= 0 ? null : queue.poll(due);
        }
    }

    private void idle() {
        ResyncReason held = pacer.due(clock.nanoTime());
        if (health.state() == ProxyState.ERROR) {
            recover();
        } else if (held != null && health.sendable()) {
            resync(held);
        } else if (health.sendable()) {
            probe();
        }
    }

    private void handle(LaneTask task) {
        ProxyState now = health.state();
        boolean sendable = health.sendable();
        if (task instanceof LaneTask.Send send) {
            if (!sendable) {
                stats.dropped();
                send.fail(new ProxyUnavailableException(address, now));
                return;
            }
            try {
                send.complete(transmit(send.request()));
            } catch (IOException | RuntimeException e) {
                send.fail(e);
            }
            runPending();
        } else if (task instanceof LaneTask.Resync resync) {
            if (sendable) {
                resync(resync.reason());
            } else {
                LOG.debugf("proxy %s is %s: %s resync deferred to its recovery", address, now, resync.reason());
            }
        } else if (task instanceof LaneTask.Reset) {
            health.reset();
        } else if (task instanceof LaneTask.Stop) {
            stopping = true;
        }
    }

    /** Out of ERROR: a bare PING first, so that a dead proxy costs one request per attempt. */
    private void recover() {
        resyncing = true; // an id change seen by this PING must not queue a second resync
        McmpReply reply;
        try {
            reply = transmit(PingRequest.bare());
        } catch (IOException e) {
            return;
        } finally {
            resyncing = false;
        }
        if (health.state() != ProxyState.ERROR || reply instanceof McmpReply.NotMcmp) {
            return; // DOWN, or something in front of the proxy still answers for it (503)
        }
        health.recovered();
        resync(ResyncReason.RECOVERED);
    }

    /** A resync, then whatever the replies to it and to the probes after it ask for. */
    private void resync(ResyncReason reason) {
        if (runResync(reason)) {
            runPending();
        }
    }

    /**
     * One resync, unless the pacer holds it back. After a paced one the lane probes at once: a proxy
     * that knows the node again under the id it gave during the resync has shown that id twice, so
     * its restart is over and the next one (httpd restarted again a second later) is not held back as
     * part of a storm; a proxy that changes its id on every reply or forgets the node again does not
     * settle, and stays paced. Returns whether it ran and probed (replies may have asked for more).
     */
    private boolean runResync(ResyncReason reason) {
        long now = clock.nanoTime();
        boolean paced = ResyncPacer.paced(reason);
        if (paced && !pacer.mayRun(reason, now)) {
            LOG.debugf("%s resync of %s held back: resyncs of one proxy are paced", reason, address);
            return false;
        }
        pacer.ran(now, paced);
        resyncing = true;
        health.resyncStarted();
        try {
            listener.unwrapped().resync(this, reason);
        } catch (IOException e) {
            if (health.sendable() && !stopping) {
                health.unreachable(e); // the listener's own I/O failed: retry it as a recovery (a stop is no outage)
            }
            LOG.debugf("resync (%s) of %s stopped: %s", reason, address, e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "CLAG1108: the agent failed to resync proxy %s (%s); it will be retried on the next trigger",
                    address, reason);
        } finally {
            resyncing = false;
        }
        return paced && health.sendable() && !stopping && transmitProbes();
    }

    /** The idle probe, then whatever its replies ask for. */
    private void probe() {
        if (transmitProbes()) {
            runPending();
        }
    }

    /** The listener's probes; false when one failed (the lane is in ERROR then). */
    private boolean transmitProbes() {
        try {
            for (McmpRequest probe : listener.probes()) {
                transmit(probe);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What the last replies asked for; a loop, as a resync's probes may ask for another (paced) one. */
    private void runPending() {
        while (true) {
            if (health.takeSettled()) {
                pacer.settled();
            }
            ResyncReason reason = health.takePending();
            if (reason == null || !health.sendable() || stopping || !runResync(reason)) {
                return;
            }
        }
    }

    private McmpReply transmit(McmpRequest request) throws IOException {
        byte[] bytes = encoder.encode(request, target);
        long start = System.nanoTime();
        RawReply raw;
        try {
            raw = connection.exchange(bytes);
        } catch (IOException e) {
            lastActivityNanos = clock.nanoTime();
            if (!stopping) {
                stats.failed(request.command(), e);
                health.unreachable(e); // before telling anyone, so that they see the lane in ERROR
                listener.failed(request, e);
            }
            throw e;
        }
        long end = System.nanoTime();
        lastActivityNanos = clock.nanoTime();
        McmpReply reply = PARSER.parse(request, raw);
        stats.replied(request.command(), end - start, reply);
        long idChanges = stats.idChanges();
        ReplyReactions.react(health, address, request, reply, resyncing);
        if (stats.idChanges() != idChanges) {
            listener.restarted();
        }
        listener.replied(request, reply, end - start);
        return reply;
    }

    private void failQueued() {
        for (LaneTask t : queue.drain()) {
            if (t instanceof LaneTask.Send send) {
                send.fail(new ProxyUnavailableException(address, ProxyState.CLOSED));
            }
        }
    }
}
