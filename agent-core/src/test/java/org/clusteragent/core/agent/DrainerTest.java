package org.clusteragent.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.clusteragent.core.config.DrainSettings;
import org.clusteragent.core.config.SessionDrainingStrategy;
import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeContext;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.Test;

/** The drain sequence with a manual clock: no test here waits in real time. */
class DrainerTest {

    private static final ProxyAddress PROXY = new ProxyAddress("127.0.0.1", 6666, false);

    private final List<McmpRequest> sent = new ArrayList<>();
    private final AtomicInteger proxyInFlight = new AtomicInteger();
    /** False: STOP-APP replies carry no {@code Requests=}, as httpd's mod_proxy_cluster 2.x sends them. */
    private boolean proxyCounts = true;
    private final FakeEngine engine = new FakeServer().engine("Catalina");
    private final FakeContext context;
    private final NodeModel node;

    DrainerTest() {
        Connector connector = engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
        context = engine.host("localhost").context("/app");
        node = new NodeModel(engine, "node1", connector);
        node.put(context, AppState.ENABLED);
    }

    /** When set, the time of the first STOP-APP is read from it into {@link #stopSentAt}. */
    private AgentClock stamps;
    private long stopSentAt = -1;

    private Map<ProxyAddress, CompletableFuture<McmpReply>> broadcast(McmpRequest request) {
        synchronized (sent) {
            sent.add(request);
        }
        McmpCommand command = request.command();
        if (command == McmpCommand.STOP_APP && stamps != null && stopSentAt < 0) {
            stopSentAt = stamps.nanoTime();
        }
        OptionalInt requests = command == McmpCommand.STOP_APP && proxyCounts ? OptionalInt.of(proxyInFlight.get())
                : OptionalInt.empty();
        McmpReply reply = new McmpReply.AppReply(command, "node1", "localhost", "/app", requests);
        Map<ProxyAddress, CompletableFuture<McmpReply>> result = new LinkedHashMap<>();
        result.put(PROXY, CompletableFuture.completedFuture(reply));
        return result;
    }

    private Drainer drainer(SessionDrainingStrategy strategy, ManualClock clock) {
        return new Drainer(new DrainSettings(10, TimeUnit.SECONDS, strategy), clock, new Drainer.Proxies() {
            @Override
            public Map<ProxyAddress, CompletableFuture<McmpReply>> broadcast(McmpRequest request) {
                return DrainerTest.this.broadcast(request);
            }

            @Override
            public CompletableFuture<McmpReply> send(ProxyAddress proxy, McmpRequest request) {
                return DrainerTest.this.broadcast(request).get(proxy);
            }
        });
    }

    private List<McmpCommand> commands() {
        List<McmpCommand> result = new ArrayList<>();
        sent.forEach(r -> result.add(r.command()));
        return result;
    }

    @Test
    void defaultStrategyWaitsForSessionsOfANonDistributableContext() {
        context.sessions.set(3);
        ManualClock clock = new ManualClock(() -> {
            // a session ends every time the drain looks again
            context.sessions.updateAndGet(s -> Math.max(0, s - 1));
        });
        Drainer.Outcome outcome = drainer(SessionDrainingStrategy.DEFAULT, clock).drain(node, context, Optional.of(Duration.ofSeconds(10)));
        assertTrue(outcome.completed());
        assertEquals(List.of(McmpCommand.DISABLE_APP, McmpCommand.STOP_APP), commands());
        assertEquals(AppState.STOPPED, node.get("localhost", "/app").orElseThrow().state());
        assertEquals(0, context.activeSessions());
    }

    @Test
    void defaultStrategySkipsSessionsOfADistributableContext() {
        context.distributable(true);
        context.sessions.set(5);
        ManualClock clock = new ManualClock(() -> { });
        Drainer.Outcome outcome = drainer(SessionDrainingStrategy.DEFAULT, clock).drain(node, context, Optional.of(Duration.ofSeconds(10)));
        assertTrue(outcome.completed());
        assertEquals(List.of(McmpCommand.STOP_APP), commands());
        assertEquals(5, outcome.sessionsLeft());
    }

    @Test
    void alwaysWaitsEvenForDistributableAndNeverDoesNot() {
        context.distributable(true);
        context.sessions.set(1);
        ManualClock clock = new ManualClock(() -> context.sessions.set(0));
        drainer(SessionDrainingStrategy.ALWAYS, clock).drain(node, context, Optional.of(Duration.ofSeconds(10)));
        assertEquals(List.of(McmpCommand.DISABLE_APP, McmpCommand.STOP_APP), commands());

        sent.clear();
        node.update("localhost", "/app", AppState.ENABLED);
        context.distributable(false);
        context.sessions.set(4);
        drainer(SessionDrainingStrategy.NEVER, new ManualClock(() -> { })).drain(node, context, Optional.of(Duration.ofSeconds(10)));
        assertEquals(List.of(McmpCommand.STOP_APP), commands());
    }

    @Test
    void timeoutBoundsTheWholeDrain() {
        context.sessions.set(1); // never ends
        context.requests.set(1); // nor does this request
        ManualClock clock = new ManualClock(() -> { });
        long before = clock.nanoTime();
        Drainer.Outcome outcome;
        try (CapturedLog log = CapturedLog.capture()) {
            outcome = drainer(SessionDrainingStrategy.DEFAULT, clock).drain(node, context, Optional.of(Duration.ofSeconds(10)));
            assertTrue(log.one("CLAG2006").contains("stopped waiting after 10000 ms"), log.toString());
        }
        assertFalse(outcome.completed());
        assertEquals(TimeUnit.SECONDS.toNanos(10), clock.nanoTime() - before, "waited exactly the timeout on the manual clock");
        assertEquals(List.of(McmpCommand.DISABLE_APP, McmpCommand.STOP_APP), commands(),
                "STOP-APP is still sent when the session wait times out");
    }

    @Test
    void sessionsThatNeverEndLeaveTheRestOfTheBoundToRequestsInFlight() {
        // sticky users keep their sessions alive: the session wait gives up at 80 % of the bound,
        // and a request still running then is waited for instead of meeting a stopped context
        context.sessions.set(2);
        context.requests.set(1);
        ManualClock[] clock = new ManualClock[1];
        // the request completes 1.5 s after STOP-APP; its counter says so
        clock[0] = new ManualClock(() -> { }).at(START + TimeUnit.MILLISECONDS.toNanos(9_500), () -> context.requests.set(0));
        stamps = clock[0];
        Drainer.Outcome outcome;
        try (CapturedLog log = CapturedLog.capture()) {
            outcome = drainer(SessionDrainingStrategy.DEFAULT, clock[0]).drain(node, context, Optional.of(Duration.ofSeconds(10)));
            assertTrue(log.one("CLAG2006").contains("with 2 sessions and 0 requests still active"), log.toString());
        }
        assertEquals(TimeUnit.SECONDS.toNanos(8), stopSentAt - START, "STOP-APP once the session share (80 %) is used");
        assertEquals(0, outcome.requestsLeft(), "the request in flight was waited for");
        assertEquals(2, outcome.sessionsLeft());
        assertFalse(outcome.completed(), "sessions were left: not a complete drain");
        long took = clock[0].nanoTime() - START;
        assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(9_500) && took < TimeUnit.SECONDS.toNanos(10),
                "ended when the request did, within the bound: " + took);
    }

    /** What {@link ManualClock} starts at. */
    private static final long START = 1_000_000_000L;

    @Test
    void requestDrainEndsAsSoonAsLocalAndProxyCountsReachZero() {
        context.requests.set(2);
        proxyInFlight.set(1);
        AtomicInteger pauses = new AtomicInteger();
        ManualClock clock = new ManualClock(() -> {
            int n = pauses.incrementAndGet();
            if (n == 3) {
                context.requests.set(0);
            }
            if (n == 20) {
                proxyInFlight.set(0);
            }
        });
        Drainer.Outcome outcome = drainer(SessionDrainingStrategy.NEVER, clock).drain(node, context, Optional.empty());
        assertTrue(outcome.completed());
        long stops = commands().stream().filter(c -> c == McmpCommand.STOP_APP).count();
        assertTrue(stops >= 2, "the proxy that still counted requests was asked again: " + stops);
        assertTrue(pauses.get() >= 20 && pauses.get() < 40, "ended soon after the proxy count reached 0: " + pauses.get());
    }

    @Test
    void aRequestInFlightIsWaitedForByItsCounterNotByReadingItAgain() {
        context.requests.set(1);
        ManualClock clock = new ManualClock(() -> { }).at(START + TimeUnit.SECONDS.toNanos(5), () -> context.requests.set(0));
        Drainer.Outcome outcome = drainer(SessionDrainingStrategy.NEVER, clock).drain(node, context, Optional.of(Duration.ofSeconds(10)));
        assertTrue(outcome.completed());
        assertEquals(TimeUnit.SECONDS.toNanos(5), outcome.nanos(), "ended when the counter fell to zero");
        assertEquals(1, clock.waits(), "one wait, woken by the counter (a 10 ms poll would wait 500 times)");
        assertEquals(0, context.idleListeners(), "the drain stopped listening");
    }

    @Test
    void aContextThatCannotSignalIsReadAgainEveryRecheck() {
        context.signalsIdle(false);
        context.requests.set(1);
        ManualClock clock = new ManualClock(() -> { }).at(START + TimeUnit.SECONDS.toNanos(5), () -> context.requests.set(0));
        Drainer.Outcome outcome = drainer(SessionDrainingStrategy.NEVER, clock).drain(node, context, Optional.of(Duration.ofSeconds(10)));
        assertTrue(outcome.completed());
        assertEquals(TimeUnit.SECONDS.toNanos(5), outcome.nanos(), "seen at the re-check that fell on 5 s");
        assertEquals(5_000 / Drainer.RECHECK_MILLIS, clock.waits(), "read again every " + Drainer.RECHECK_MILLIS + " ms");
    }

    @Test
    void aBusyContextServesRequestsTheProxyDeliversJustAfterItsStopAppReply() {
        proxyCounts = false;
        context.requests.set(1);
        long late = START + TimeUnit.MILLISECONDS.toNanos(Drainer.SETTLE_MILLIS / 2);
        boolean[] lateArrivedWhileDraining = new boolean[1];
        Drainer.Outcome[] outcome = new Drainer.Outcome[1];
        // The request in flight ends just after the reply; one routed before STOP-APP arrives later.
        ManualClock clock = new ManualClock(() -> { })
                .at(START + TimeUnit.MILLISECONDS.toNanos(10), () -> context.requests.set(0))
                .at(late, () -> {
                    lateArrivedWhileDraining[0] = outcome[0] == null;
                    context.requests.set(1);
                })
                .at(late + TimeUnit.MILLISECONDS.toNanos(20), () -> context.requests.set(0));
        outcome[0] = drainer(SessionDrainingStrategy.NEVER, clock).drain(node, context, Optional.of(Duration.ofSeconds(10)));
        assertTrue(outcome[0].completed());
        assertTrue(lateArrivedWhileDraining[0], "the late request found the context still draining: " + outcome[0]);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(Drainer.SETTLE_MILLIS), outcome[0].nanos(),
                "drained once the settle after the STOP-APP reply was over");
        assertEquals(0, context.idleListeners(), "the drain stopped listening");
    }

    @Test
    void aContextThatServedNothingDuringItsDrainIsNotHeldForTheSettle() {
        proxyCounts = false;
        ManualClock clock = new ManualClock(() -> { });
        Drainer.Outcome outcome = drainer(SessionDrainingStrategy.NEVER, clock).drain(node, context, Optional.of(Duration.ofSeconds(10)));
        assertTrue(outcome.completed());
        assertEquals(0, outcome.nanos(), "an idle context is drained as soon as the proxy answered");
        assertEquals(0, clock.waits());
    }

    @Test
    void anAlreadyStoppedContextReturnsAtOnce() {
        node.update("localhost", "/app", AppState.STOPPED);
        Drainer.Outcome outcome = drainer(SessionDrainingStrategy.ALWAYS, new ManualClock(() -> { }))
                .drain(node, context, Optional.of(Duration.ofSeconds(1)));
        assertTrue(outcome.completed());
        assertTrue(sent.isEmpty());
    }

    @Test
    void stopAppRequestCarriesAliasesAndPath() {
        drainer(SessionDrainingStrategy.NEVER, new ManualClock(() -> { })).drain(node, context, Optional.empty());
        AppRequest stop = (AppRequest) sent.get(0);
        assertEquals(List.of("localhost"), stop.aliases());
        assertEquals("/app", stop.context());
    }
}
