package org.clusteragent.core.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.config.DrainSettings;
import org.clusteragent.core.config.SessionDrainingStrategy;
import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.McmpCommand;
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
 * only while STOPPED is still the desired state. In {@link #drainAll} a proxy reply moves its drain
 * on at once; {@link #drain} looks at replies every {@value #CHECK_MILLIS} ms.
 * {@link #drain} runs one drain on the caller's thread (a container's stop event must block
 * anyway); {@link #drainAll} runs any number of drains side by side on one thread,
 * {@code clusteragent-drain}, which ends with the call.
 *
 * <p>What it does not do: it does not stop the context, nor remove it from the proxies (that is the
 * container's stop and the agent's REMOVE-APP); it does not reject requests that still arrive
 * directly (not through a proxy) after STOP-APP; it does not wait for a proxy that has been given up,
 * nor ask it again; and its own counters are sampled, every {@value #CHECK_MILLIS} ms while it waits
 * for them, not signalled (the SPI's counters have no listener). Thread-safe: drains of different
 * contexts may run at once.
 */
public final class Drainer {

    static final long CHECK_MILLIS = 10;
    static final long RECHECK_MILLIS = 100;
    /** The part of the bound the session wait may use; the rest is kept for requests in flight. */
    static final int SESSION_SHARE_PERCENT = 80;
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS);
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS);
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

    private final DrainSettings settings;
    private final AgentClock clock;
    private final Proxies proxies;
    private final long proxyReplyNanos;

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
        Drain drain = new Drain(node, context, timeout);
        while (true) {
            long wait = drain.step();
            if (wait < 0) {
                return drain.outcome();
            }
            try {
                clock.pause(Math.max(wait, 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return drain.giveUp();
            }
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
                Drain drain = new Drain(t.node(), t.context(), timeout);
                outcomes.add(drain.done);
                thread.execute(() -> drain.run(thread));
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

    private enum Phase { START, DISABLING, SESSIONS, REQUESTS, DONE }

    /** A proxy asked and not yet done with: its reply, and when it was asked. */
    private record Asked(CompletableFuture<McmpReply> reply, long at) {
    }

    /** The state of one drain: its phase and what it waits for, changed only under its lock. */
    private final class Drain {
        private final NodeModel node;
        private final Context context;
        private final String name;
        private final long start;
        private final long deadline;
        private final long sessionDeadline;
        private final CompletableFuture<Outcome> done = new CompletableFuture<>();
        private final Map<ProxyAddress, Asked> waiting = new HashMap<>();
        private Phase phase = Phase.START;
        private boolean inTime = true;
        private AppRequest stop;
        private long nextRecheck;
        private Outcome outcome;
        private Runnable wake;

        Drain(NodeModel node, Context context, Optional<Duration> timeout) {
            this.node = node;
            this.context = context;
            this.name = node.jvmRoute() + ":" + context.host().name() + (context.path().isEmpty() ? "/" : context.path());
            this.start = clock.nanoTime();
            Optional<Duration> bound = timeout.filter(d -> !d.isZero() && !d.isNegative());
            this.deadline = bound.map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
            this.sessionDeadline = bound.map(d -> start + d.toNanos() / 100 * SESSION_SHARE_PERCENT).orElse(Long.MAX_VALUE);
        }

        /** Runs one step on the drain thread and plans the next; a proxy reply brings it forward. */
        void run(ScheduledExecutorService thread) {
            synchronized (this) {
                if (wake == null) {
                    wake = () -> thread.execute(this::stepOnReply);
                }
            }
            long wait = step();
            if (wait < 0) {
                done.complete(outcome());
                return;
            }
            thread.schedule(() -> run(thread), wait, TimeUnit.NANOSECONDS);
        }

        private void stepOnReply() {
            if (step() < 0) {
                done.complete(outcome());
            }
        }

        /** Advances as far as it can now; returns nanoseconds until it wants to look again, or -1 when done. */
        synchronized long step() {
            long now = clock.nanoTime();
            switch (phase) {
                case START -> {
                    Optional<NodeModel.DesiredContext> current = node.get(context.host().name(), context.path());
                    if (current.isEmpty() || current.get().state() == AppState.STOPPED) {
                        outcome = new Outcome(true, 0, 0, 0);
                        phase = Phase.DONE;
                        return -1;
                    }
                    AgentLog.drainStarted(name, settings.sessionDrainingStrategy().name());
                    List<String> aliases = current.get().aliases();
                    stop = AppRequest.of(McmpCommand.STOP_APP, node.jvmRoute(), aliases, context.path());
                    if (!waitsForSessions()) {
                        return stopNow(now);
                    }
                    if (current.get().state() == AppState.ENABLED) {
                        AppRequest disable = AppRequest.of(McmpCommand.DISABLE_APP, node.jvmRoute(), aliases, context.path());
                        ask(node.announce(() -> {
                            node.update(context.host().name(), context.path(), AppState.DISABLED);
                            return proxies.broadcast(disable);
                        }), now);
                    }
                    phase = Phase.DISABLING;
                    return step();
                }
                case DISABLING -> {
                    // New sessions must have stopped going here before their count means anything.
                    waiting.entrySet().removeIf(e -> e.getValue().reply().isDone() || overdue(e.getKey(), e.getValue(), now));
                    if (waiting.isEmpty() || now >= sessionDeadline) {
                        phase = Phase.SESSIONS;
                        return step();
                    }
                    return until(now, CHECK_NANOS, sessionDeadline);
                }
                case SESSIONS -> {
                    if (context.activeSessions() <= 0) {
                        return stopNow(now);
                    }
                    if (now >= sessionDeadline) {
                        inTime = false;
                        return stopNow(now);
                    }
                    return until(now, CHECK_NANOS, sessionDeadline);
                }
                case REQUESTS -> {
                    return awaitRequests(now);
                }
                default -> {
                    return -1;
                }
            }
        }

        private long stopNow(long now) {
            waiting.clear();
            ask(node.announce(() -> {
                node.update(context.host().name(), context.path(), AppState.STOPPED);
                return proxies.broadcast(stop);
            }), now);
            nextRecheck = now + RECHECK_NANOS;
            phase = Phase.REQUESTS;
            // requests are waited for even when the session wait gave up: each is a user's request
            return awaitRequests(now);
        }

        private long awaitRequests(long now) {
            waiting.entrySet().removeIf(e -> holdsNoRequests(e.getValue()) || overdue(e.getKey(), e.getValue(), now));
            if (context.activeRequests() <= 0 && waiting.isEmpty()) {
                return finish(now);
            }
            if (now >= deadline) {
                inTime = false;
                return finish(now);
            }
            if (now >= nextRecheck) {
                recheck(now);
                nextRecheck = now + RECHECK_NANOS;
            }
            return until(now, Math.min(CHECK_NANOS, nextRecheck - now), deadline);
        }

        /** Asks again the proxies whose last answer still counted requests, and only them. */
        private void recheck(long now) {
            List<ProxyAddress> counting = new ArrayList<>();
            waiting.forEach((proxy, asked) -> {
                if (asked.reply().isDone()) {
                    counting.add(proxy);
                }
            });
            if (counting.isEmpty()) {
                return;
            }
            // only while STOPPED is still wanted (an operator may have enabled it again)
            Map<ProxyAddress, CompletableFuture<McmpReply>> again = node.announce(() -> {
                Map<ProxyAddress, CompletableFuture<McmpReply>> sent = new HashMap<>();
                if (stillStopped()) {
                    counting.forEach(proxy -> sent.put(proxy, proxies.send(proxy, stop)));
                }
                return sent;
            });
            if (again.isEmpty()) {
                // no longer STOPPED: nothing is waited for any more
                waiting.clear();
            }
            ask(again, now);
        }

        private void ask(Map<ProxyAddress, CompletableFuture<McmpReply>> replies, long now) {
            replies.forEach((proxy, reply) -> {
                waiting.put(proxy, new Asked(reply, now));
                Runnable w = wake;
                if (w != null) {
                    reply.whenComplete((r, e) -> w.run());
                }
            });
        }

        private boolean overdue(ProxyAddress proxy, Asked asked, long now) {
            if (asked.reply().isDone() || now - asked.at() < proxyReplyNanos) {
                return false;
            }
            AgentLog.drainGaveUpOnProxy(name, proxy.toString(), TimeUnit.NANOSECONDS.toMillis(proxyReplyNanos));
            return true;
        }

        private long until(long now, long wanted, long bound) {
            long left = bound == Long.MAX_VALUE ? wanted : Math.min(wanted, bound - now);
            // a reply that arrives meanwhile is looked at on the next step, at most `wanted` later
            return Math.max(1, left);
        }

        private long finish(long now) {
            long nanos = now - start;
            int sessions = context.activeSessions();
            int requests = context.activeRequests();
            if (inTime) {
                AgentLog.drainFinished(name, TimeUnit.NANOSECONDS.toMillis(nanos), sessions, requests);
            } else {
                AgentLog.drainTimedOut(name, TimeUnit.NANOSECONDS.toMillis(nanos), sessions, requests);
            }
            outcome = new Outcome(inTime, nanos, sessions, requests);
            phase = Phase.DONE;
            return -1;
        }

        synchronized Outcome giveUp() {
            if (outcome == null) {
                inTime = false;
                finish(clock.nanoTime());
            }
            return outcome;
        }

        synchronized Outcome outcome() {
            return outcome;
        }

        private boolean stillStopped() {
            return node.get(context.host().name(), context.path()).map(c -> c.state() == AppState.STOPPED).orElse(false);
        }

        private boolean waitsForSessions() {
            SessionDrainingStrategy strategy = settings.sessionDrainingStrategy();
            return switch (strategy) {
                case ALWAYS -> true;
                case NEVER -> false;
                case DEFAULT -> !context.isDistributable();
            };
        }
    }

    /**
     * A proxy holds no request for the context when its reply says {@code Requests=0}, carries no
     * count at all (older proxies), or failed: a proxy we cannot reach routes nothing to us.
     */
    private static boolean holdsNoRequests(Asked asked) {
        CompletableFuture<McmpReply> future = asked.reply();
        if (!future.isDone()) {
            return false;
        }
        if (future.isCompletedExceptionally()) {
            return true;
        }
        McmpReply reply = future.join();
        if (reply instanceof McmpReply.AppReply app) {
            return app.requests().orElse(0) <= 0;
        }
        return true;
    }
}
