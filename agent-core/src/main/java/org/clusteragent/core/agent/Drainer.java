package org.clusteragent.core.agent;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.clusteragent.core.config.DrainSettings;
import org.clusteragent.core.config.SessionDrainingStrategy;
import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.ProxyAddress;

/**
 * Takes one context out of service without failing a request: DISABLE-APP (no new sessions), wait
 * for sessions as the session draining strategy says, STOP-APP (no new requests), then wait until
 * the context has no request in flight, counted both locally and by every proxy ({@code Requests=}
 * in STOP-APP replies). All of it is bounded by stopContextTimeout; a bound of 0 or less waits for
 * ever. The session wait may use at most {@link #SESSION_SHARE_PERCENT} % of the bound, so requests
 * in flight when it gives up (sticky users who keep clicking never let their sessions end) still
 * get the rest of the bound to complete after STOP-APP, instead of meeting a stopped context. The waits end as soon as their condition holds (checked every few milliseconds), never
 * after a fixed sleep. It does not stop the context itself, nor remove it from the proxies: that
 * is the container's stop and the agent's REMOVE-APP. Thread-safe: drains of different contexts
 * may run in parallel.
 */
public final class Drainer {

    /** How often the local counters are looked at while waiting. */
    static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * The part of the bound the session wait may use; the rest is kept for the requests in flight
     * once STOP-APP has been sent.
     */
    static final int SESSION_SHARE_PERCENT = 80;
    /** How often proxies that still count requests are asked again (STOP-APP is idempotent). */
    static final long PROXY_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Sends one command to every proxy, answering one future per proxy. */
    public interface Broadcaster {
        Map<ProxyAddress, CompletableFuture<McmpReply>> broadcast(McmpRequest request);
    }

    /** What the drain saw, for logs and tests. */
    public record Outcome(boolean completed, long nanos, int sessionsLeft, int requestsLeft) {
    }

    private final DrainSettings settings;
    private final AgentClock clock;
    private final Broadcaster proxies;

    public Drainer(DrainSettings settings, AgentClock clock, Broadcaster proxies) {
        this.settings = settings;
        this.clock = clock;
        this.proxies = proxies;
    }

    /**
     * Drains {@code context} of {@code node}, updating the node's desired state as it goes.
     *
     * @param timeout the bound for this drain (empty: none), e.g. from stopContextTimeout
     */
    public Outcome drain(NodeModel node, Context context, Optional<Duration> timeout) {
        long start = clock.nanoTime();
        long deadline = timeout.map(d -> start + d.toNanos()).orElse(Long.MAX_VALUE);
        long sessionDeadline = timeout.map(d -> start + d.toNanos() / 100 * SESSION_SHARE_PERCENT).orElse(Long.MAX_VALUE);
        String name = node.jvmRoute() + ":" + context.host().name() + (context.path().isEmpty() ? "/" : context.path());
        Optional<NodeModel.DesiredContext> current = node.get(context.host().name(), context.path());
        if (current.isEmpty() || current.get().state() == AppState.STOPPED) {
            return new Outcome(true, 0, 0, 0);
        }
        SessionDrainingStrategy strategy = settings.sessionDrainingStrategy();
        AgentLog.drainStarted(name, strategy.name());
        List<String> aliases = current.get().aliases();

        boolean ok = true;
        if (waitsForSessions(strategy, context)) {
            if (current.get().state() == AppState.ENABLED) {
                awaitAll(node.announce(() -> {
                    node.update(context.host().name(), context.path(), AppState.DISABLED);
                    return proxies.broadcast(request(McmpCommand.DISABLE_APP, node, aliases, context));
                }), sessionDeadline);
            }
            ok = awaitUntil(() -> context.activeSessions() <= 0, sessionDeadline);
        }
        AppRequest stop = request(McmpCommand.STOP_APP, node, aliases, context);
        Map<ProxyAddress, CompletableFuture<McmpReply>> replies = node.announce(() -> {
            node.update(context.host().name(), context.path(), AppState.STOPPED);
            return proxies.broadcast(stop);
        });
        // requests are waited for even when the session wait gave up: each is a user's request
        ok = awaitRequests(node, stop, replies, context, deadline) && ok;

        long nanos = clock.nanoTime() - start;
        int sessions = context.activeSessions();
        int requests = context.activeRequests();
        if (ok) {
            AgentLog.drainFinished(name, TimeUnit.NANOSECONDS.toMillis(nanos), sessions, requests);
        } else {
            AgentLog.drainTimedOut(name, TimeUnit.NANOSECONDS.toMillis(nanos), sessions, requests);
        }
        return new Outcome(ok, nanos, sessions, requests);
    }

    private static boolean waitsForSessions(SessionDrainingStrategy strategy, Context context) {
        return switch (strategy) {
            case ALWAYS -> true;
            case NEVER -> false;
            case DEFAULT -> !context.isDistributable();
        };
    }

    private static AppRequest request(McmpCommand command, NodeModel node, List<String> aliases, Context context) {
        return AppRequest.of(command, node.jvmRoute(), aliases, context.path());
    }

    /**
     * Waits until no request is in flight locally and no proxy counts one for the context. Proxies
     * that still count requests (or have not answered yet) are asked again now and then.
     */
    private boolean awaitRequests(NodeModel node, AppRequest stop,
                                  Map<ProxyAddress, CompletableFuture<McmpReply>> first, Context context, long deadline) {
        Map<ProxyAddress, CompletableFuture<McmpReply>> pending = new HashMap<>(first);
        long nextRecheck = clock.nanoTime() + PROXY_RECHECK_NANOS;
        while (true) {
            pending.values().removeIf(Drainer::reportsNoRequests);
            boolean localIdle = context.activeRequests() <= 0;
            if (localIdle && pending.isEmpty()) {
                return true;
            }
            long now = clock.nanoTime();
            if (now >= deadline) {
                return false;
            }
            if (!pending.isEmpty() && now >= nextRecheck) {
                // ask again only while STOPPED is still wanted (an operator may have re-enabled it)
                Map<ProxyAddress, CompletableFuture<McmpReply>> again = node.announce(() ->
                        stillStopped(node, context) ? proxies.broadcast(stop) : Map.of());
                pending.replaceAll((proxy, old) -> old.isDone() ? again.getOrDefault(proxy, old) : old);
                // a proxy that vanished meanwhile no longer holds requests for us
                pending.keySet().retainAll(again.keySet());
                nextRecheck = now + PROXY_RECHECK_NANOS;
            }
            if (!pause(Math.min(CHECK_NANOS, deadline - now))) {
                return false;
            }
        }
    }

    private static boolean stillStopped(NodeModel node, Context context) {
        return node.get(context.host().name(), context.path()).map(c -> c.state() == AppState.STOPPED).orElse(false);
    }

    /**
     * A proxy holds no request for the context when its reply says {@code Requests=0}, carries no
     * count at all (older proxies), or failed: a proxy we cannot reach routes nothing to us.
     */
    private static boolean reportsNoRequests(CompletableFuture<McmpReply> future) {
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

    private boolean awaitUntil(BooleanSupplier condition, long deadline) {
        while (!condition.getAsBoolean()) {
            long now = clock.nanoTime();
            if (now >= deadline) {
                return false;
            }
            if (!pause(Math.min(CHECK_NANOS, deadline - now))) {
                return false;
            }
        }
        return true;
    }

    private void awaitAll(Map<ProxyAddress, CompletableFuture<McmpReply>> futures, long deadline) {
        awaitUntil(() -> futures.values().stream().allMatch(CompletableFuture::isDone), deadline);
    }

    private boolean pause(long nanos) {
        try {
            clock.pause(Math.max(nanos, 1));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
