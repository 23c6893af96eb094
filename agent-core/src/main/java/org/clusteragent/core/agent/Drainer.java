package org.clusteragent.core.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.config.DrainSettings;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.ProxyAddress;

/**
 * Takes contexts out of service without failing a request: DISABLE-APP (no new sessions), wait
 * for sessions as the session draining strategy says, STOP-APP (no new requests), then wait until
 * the context has no request in flight, counted both locally and by every proxy that answers
 * ({@code Requests=} in its STOP-APP reply). Each drain is one {@link Drain}: a phase and what it
 * waits for, changed only under its own lock, advanced one step at a time.
 *
 * <p>What it guarantees: the whole drain is bounded by stopContextTimeout (0 or less: no bound),
 * of which the session wait may use at most {@value #SESSION_SHARE_PERCENT} %, so requests in
 * flight when it gives up (sticky users who keep clicking never let their sessions end) still get
 * the rest of the bound to complete after STOP-APP, instead of meeting a stopped context; a
 * proxy is waited for at most {@code proxyReplyTimeout} after it was asked, then given up and said
 * once (a proxy that does not answer cannot route to us either); STOP-APP is asked again, every
 * {@value #RECHECK_MILLIS} ms, only of the proxies whose last reply still counted requests, and
 * only while STOPPED is still the desired state. A context that served requests during its drain
 * (one was in flight or completed since the drain began) is not declared drained until
 * {@value #SETTLE_MILLIS} ms after every proxy answered STOP-APP, even when both counts are zero
 * sooner: a proxy may still deliver requests it routed before it took the STOP-APP in (httpd with
 * mod_proxy_cluster routes each request from a copy of its tables taken when the request arrived,
 * and its STOP-APP reply carries no {@code Requests=} count), and the container counts a request
 * only once it reaches the context. A drain moves on when something it waits for
 * tells it: a proxy's reply, or the context's request counter falling to zero
 * ({@link Context#addIdleListener}); besides those it wakes only for a deadline (the bound, a
 * proxy's reply timeout, the next re-ask of a proxy).
 * {@link #drain} runs one drain on the caller's thread (a container's stop event must block
 * anyway); {@link #drainAll} runs any number of drains side by side on one thread,
 * {@code clusteragent-drain}, which ends with the call.
 *
 * <p>What it does not do: it does not stop the context, nor remove it from the proxies (that is the
 * container's stop and the agent's REMOVE-APP); it does not reject requests that still arrive
 * directly (not through a proxy) after STOP-APP; it does not wait for a proxy that has been given up,
 * nor ask it again. The settle after STOP-APP narrows the proxy's race, it cannot close it: a request
 * that a proxy routed before STOP-APP and delivers more than {@value #SETTLE_MILLIS} ms after its
 * reply (a proxy starved of CPU for that long) can still meet a stopped context; and a context that
 * showed no request during its drain is not given the settle at all. It is not told when a session ends (no container has one listener for that
 * which the SPI could offer): the session count is read again every {@value #RECHECK_MILLIS} ms
 * while it waits for sessions, and so is the request count of a context that cannot tell
 * ({@code addIdleListener} false). Thread-safe: drains of different contexts may run at once.
 */
public final class Drainer {

    static final long RECHECK_MILLIS = 100;
    /** The part of the bound the session wait may use; the rest is kept for requests in flight. */
    static final int SESSION_SHARE_PERCENT = 80;
    static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);
    /** How long a context that served requests during its drain keeps serving once every proxy answered STOP-APP. */
    static final long SETTLE_MILLIS = 500;
    static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
    private static final Duration DEFAULT_PROXY_REPLY_TIMEOUT = Duration.ofSeconds(10);

    /** Sends one command to every proxy, answering one future per proxy. */
    public interface Broadcaster {
        Map<ProxyAddress, CompletableFuture<McmpReply>> broadcast(McmpRequest request);
    }

    /** Sends to every proxy or to one. */
    public interface Proxies extends Broadcaster {
        /** Queues {@code request} for {@code proxy} only; a failed future for an unknown proxy. */
        CompletableFuture<McmpReply> send(ProxyAddress proxy, McmpRequest request);
    }

    /** What the drain saw, for logs and tests. */
    public record Outcome(boolean completed, long nanos, int sessionsLeft, int requestsLeft) {
    }

    /** One context of one node to drain. */
    public record Target(NodeModel node, Context context) {
    }

    final DrainSettings settings;
    final AgentClock clock;
    final Proxies proxies;
    final long proxyReplyNanos;

    public Drainer(DrainSettings settings, AgentClock clock, Proxies proxies) {
        this(settings, clock, proxies, DEFAULT_PROXY_REPLY_TIMEOUT);
    }

    /** @param proxyReplyTimeout how long one proxy's reply is waited for (the proxies' socketTimeout) */
    public Drainer(DrainSettings settings, AgentClock clock, Proxies proxies, Duration proxyReplyTimeout) {
        this.settings = settings;
        this.clock = clock;
        this.proxies = proxies;
        this.proxyReplyNanos = proxyReplyTimeout.toNanos();
    }

    /**
     * Drains {@code context} of {@code node} on the calling thread, updating the node's desired
     * state as it goes.
     *
     * @param timeout the bound for this drain (empty: none), e.g. from stopContextTimeout
     */
    public Outcome drain(NodeModel node, Context context, Optional<Duration> timeout) {
        Signal signal = new Signal();
        Drain drain = new Drain(this, node, context, timeout, signal::raise);
        try {
            while (true) {
                long wait = drain.step();
                if (wait < 0) {
                    return drain.outcome();
                }
                signal.await(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return drain.giveUp();
        }
    }

    /** Wakes a drain that waits on its caller's thread; raised by replies and counters, kept until looked at. */
    private final class Signal {
        private boolean raised;

        synchronized void raise() {
            raised = true;
            notifyAll();
        }

        /** Returns when raised (at once if it was since the last call) or after {@code nanos}. */
        synchronized void await(long nanos) throws InterruptedException {
            if (!raised) {
                clock.await(this, nanos);
            }
            raised = false;
        }
    }

    /**
     * Drains every target side by side on one thread and returns when all are done; each drain
     * has its own bound. The outcomes are in the order of {@code targets}.
     */
    public List<Outcome> drainAll(List<Target> targets, Optional<Duration> timeout) {
        if (targets.size() == 1) {
            Target t = targets.get(0);
            return List.of(drain(t.node(), t.context(), timeout));
        }
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(Threads.named("clusteragent-drain"));
        try {
            List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
            for (Target t : targets) {
                Drain[] drain = new Drain[1];
                drain[0] = new Drain(this, t.node(), t.context(), timeout, () -> {
                    try {
                        thread.execute(() -> drain[0].run(thread));
                    } catch (RejectedExecutionException e) {
                        // every drain is over: nothing is left to wake
                    }
                });
                outcomes.add(drain[0].done);
                thread.execute(() -> drain[0].run(thread));
            }
            List<Outcome> result = new ArrayList<>();
            boolean interrupted = false;
            for (CompletableFuture<Outcome> outcome : outcomes) {
                while (true) {
                    try {
                        result.add(outcome.get());
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException("a drain failed", e.getCause());
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return result;
        } finally {
            thread.shutdownNow();
        }
    }
}
