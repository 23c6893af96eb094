package org.clusteragent.core.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.agent.Drainer.Outcome;
import org.clusteragent.core.config.SessionDrainingStrategy;
import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.ProxyAddress;

/**
 * The state of one drain of {@link Drainer} (see its Javadoc for what a drain does): a phase and what
 * it waits for, changed only under this object's lock and advanced one {@link #step()} at a time by
 * whoever drives it (the caller's thread, or the drain thread of {@link Drainer#drainAll}), each time
 * {@code wake} runs or the wait {@code step} returned has passed.
 */
final class Drain {

    enum Phase { START, DISABLING, SESSIONS, REQUESTS, DONE }

    /** A proxy asked and not yet done with: its reply, and when it was asked. */
    record Asked(CompletableFuture<McmpReply> reply, long at) {
    }

    private final Drainer owner;
    private final NodeModel node;
    private final Context context;
    private final String name;
    private final long start;
    private final long deadline;
    private final long sessionDeadline;
    /** Completed with the outcome when a drain driven by {@link #run} ends. */
    final CompletableFuture<Outcome> done = new CompletableFuture<>();
    private final Map<ProxyAddress, Asked> waiting = new HashMap<>();
    /** Brings the drain forward: run by proxy replies and the context's idle signal, on their threads. */
    private final Runnable wake;
    /** The context's idle listener: notes that requests were served during the drain, then wakes it. */
    private final Runnable idle;
    /** Set once a request of the context was seen in flight or completing since the drain began. */
    private volatile boolean sawTraffic;
    /** When every proxy had answered STOP-APP (or was given up); -1 until then. */
    private long stopAnsweredAt = -1;
    private Phase phase = Phase.START;
    private boolean inTime = true;
    private boolean signalled;
    private AppRequest stop;
    private long nextRecheck;
    private Outcome outcome;
    /** The next timed step of {@link #run}; touched on the drain thread only. */
    private ScheduledFuture<?> timer;

    Drain(Drainer owner, NodeModel node, Context context, Optional<Duration> timeout, Runnable wake) {
        this.owner = owner;
        this.node = node;
        this.context = context;
        this.wake = wake;
        this.idle = () -> {
            sawTraffic = true;
            wake.run();
        };
        this.name = node.jvmRoute() + ":" + context.host().name() + (context.path().isEmpty() ? "/" : context.path());
        this.start = owner.clock.nanoTime();
        Optional<Duration> bound = timeout.filter(d -> !d.isZero() && !d.isNegative());
        this.deadline = bound.map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        this.sessionDeadline = bound.map(d -> start + d.toNanos() / 100 * Drainer.SESSION_SHARE_PERCENT).orElse(Long.MAX_VALUE);
    }

    /** One step on the drain thread, then a timer for the next unless a wake comes first. */
    void run(ScheduledExecutorService thread) {
        long wait = step();
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (wait < 0) {
            done.complete(outcome());
            return;
        }
        timer = thread.schedule(() -> run(thread), wait, TimeUnit.NANOSECONDS);
    }

    /** Advances as far as it can now; returns nanoseconds until it must look again unwoken, or -1 when done. */
    synchronized long step() {
        long now = owner.clock.nanoTime();
        switch (phase) {
            case START -> {
                Optional<NodeModel.DesiredContext> current = node.get(context.host().name(), context.path());
                if (current.isEmpty() || current.get().state() == AppState.STOPPED) {
                    outcome = new Outcome(true, 0, 0, 0);
                    phase = Phase.DONE;
                    return -1;
                }
                AgentLog.drainStarted(name, owner.settings.sessionDrainingStrategy().name());
                // Listening before the count is first read: a fall to zero in between is not missed.
                signalled = context.addIdleListener(idle);
                sawTraffic = context.activeRequests() > 0;
                List<String> aliases = current.get().aliases();
                stop = AppRequest.of(McmpCommand.STOP_APP, node.jvmRoute(), aliases, context.path());
                if (!waitsForSessions()) {
                    return stopNow(now);
                }
                if (current.get().state() == AppState.ENABLED) {
                    AppRequest disable = AppRequest.of(McmpCommand.DISABLE_APP, node.jvmRoute(), aliases, context.path());
                    ask(node.announce(() -> {
                        node.update(context.host().name(), context.path(), AppState.DISABLED);
                        return owner.proxies.broadcast(disable);
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
                return until(now, nextOverdue() - now, sessionDeadline);
            }
            case SESSIONS -> {
                if (context.activeSessions() <= 0) {
                    return stopNow(now);
                }
                if (now >= sessionDeadline) {
                    inTime = false;
                    return stopNow(now);
                }
                // no signal for sessions: read again (see the class Javadoc)
                return until(now, Drainer.RECHECK_NANOS, sessionDeadline);
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
            return owner.proxies.broadcast(stop);
        }), now);
        nextRecheck = now + Drainer.RECHECK_NANOS;
        phase = Phase.REQUESTS;
        // requests are waited for even when the session wait gave up: each is a user's request
        return awaitRequests(now);
    }

    private long awaitRequests(long now) {
        waiting.entrySet().removeIf(e -> holdsNoRequests(e.getValue()) || overdue(e.getKey(), e.getValue(), now));
        if (waiting.isEmpty() && stopAnsweredAt < 0) {
            stopAnsweredAt = now;
        }
        int requests = context.activeRequests();
        if (requests > 0) {
            sawTraffic = true;
        } else if (waiting.isEmpty()) {
            // A busy context keeps serving a little after the proxies answered: see the Drainer Javadoc.
            long settled = sawTraffic ? stopAnsweredAt + Drainer.SETTLE_NANOS : stopAnsweredAt;
            if (now >= settled || now >= deadline) {
                return finish(now);
            }
            return until(now, settled - now, deadline);
        }
        if (now >= deadline) {
            inTime = false;
            return finish(now);
        }
        if (now >= nextRecheck) {
            recheck(now);
            nextRecheck = now + Drainer.RECHECK_NANOS;
        }
        // Woken by replies and by the counter; the clock is needed only for what nobody tells.
        long next = nextOverdue();
        if (waiting.values().stream().anyMatch(asked -> asked.reply().isDone()) || !signalled) {
            next = Math.min(next, nextRecheck);
        }
        return until(now, next == Long.MAX_VALUE ? Long.MAX_VALUE : next - now, deadline);
    }

    /** When the earliest proxy still unanswered is overdue; {@link Long#MAX_VALUE} when none is. */
    private long nextOverdue() {
        long next = Long.MAX_VALUE;
        for (Asked asked : waiting.values()) {
            if (!asked.reply().isDone()) {
                next = Math.min(next, asked.at() + owner.proxyReplyNanos);
            }
        }
        return next;
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
                counting.forEach(proxy -> sent.put(proxy, owner.proxies.send(proxy, stop)));
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
            reply.whenComplete((r, e) -> wake.run());
        });
    }

    private boolean overdue(ProxyAddress proxy, Asked asked, long now) {
        if (asked.reply().isDone() || now - asked.at() < owner.proxyReplyNanos) {
            return false;
        }
        AgentLog.drainGaveUpOnProxy(name, proxy.toString(), TimeUnit.NANOSECONDS.toMillis(owner.proxyReplyNanos));
        return true;
    }

    /** Nanoseconds to wait: {@code wanted}, but not past {@code bound}; at least 1. */
    private long until(long now, long wanted, long bound) {
        long left = bound == Long.MAX_VALUE ? wanted : Math.min(wanted, bound - now);
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
        context.removeIdleListener(idle);
        return -1;
    }

    synchronized Outcome giveUp() {
        if (outcome == null) {
            inTime = false;
            finish(owner.clock.nanoTime());
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
        SessionDrainingStrategy strategy = owner.settings.sessionDrainingStrategy();
        return switch (strategy) {
            case ALWAYS -> true;
            case NEVER -> false;
            case DEFAULT -> !context.isDistributable();
        };
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
