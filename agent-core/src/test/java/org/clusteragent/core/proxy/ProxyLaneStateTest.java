package org.clusteragent.core.proxy;

import static org.clusteragent.core.proxy.ProxyTests.WAIT;
import static org.clusteragent.core.proxy.ProxyTests.address;
import static org.clusteragent.core.proxy.ProxyTests.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.clusteragent.core.fakeproxy.ScriptedReply;
import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every state transition of a lane, against the fake proxy over real sockets. */
@Timeout(60)
class ProxyLaneStateTest {

    private static final StatusRequest STATUS = new StatusRequest(RecordingListener.ROUTE, 80);

    @Test
    void addedProxyIsResyncedOnItsLaneThenServesCommands() throws Exception {
        try (LaneFixture f = LaneFixture.of(FakeProxy.start(), settings(Duration.ZERO))) {
            assertTrue(f.registry.add(f.proxy));
            assertEquals(ProxyState.NEW, f.state(), "nothing runs before start()");
            f.registry.start();
            RecordingListener.Resync added = f.awaitAdded();
            assertEquals(ResyncReason.ADDED, added.reason());
            assertEquals("clusteragent-proxy-127.0.0.1:" + f.fake.port(), added.thread());
            assertInstanceOf(McmpReply.Ok.class, added.configReply());
            assertTrue(f.fake.node(RecordingListener.ROUTE).isPresent(), "the CONFIG sent in resync reached the proxy");
            assertEquals(false, f.registry.add(f.proxy), "adding twice is a no-op");

            McmpReply status = f.registry.broadcast(STATUS).get(f.proxy).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            McmpReply.StatusReply sr = assertInstanceOf(McmpReply.StatusReply.class, status);
            assertEquals(f.fake.id(), sr.id().getAsLong());
            ProxySnapshot snap = f.snapshot();
            assertEquals(ProxyState.OK, snap.state());
            assertEquals(1, snap.commands().get(McmpCommand.STATUS).count());
            assertEquals(1, snap.commands().get(McmpCommand.CONFIG).count());
            assertTrue(snap.commands().get(McmpCommand.STATUS).maxNanos() > 0);
            assertEquals(f.fake.id(), snap.lastId().getAsLong());
            assertTrue(snap.lastReply().startsWith("STATUS"), snap.lastReply());
            assertEquals(1, snap.connections());
            assertNull(f.listener.resyncs.poll(), "only the ADDED resync happened");
        }
    }

    @Test
    void unreachableProxyGoesToErrorDropsCommandsAndRecoversWithResync() throws Exception {
        try (CapturedLog log = CapturedLog.capture(); LaneFixture f = LaneFixture.resynced(Duration.ZERO)) {
            f.fake.stopListening();
            ExecutionException failed = assertThrows(ExecutionException.class, () -> f.send(STATUS));
            assertInstanceOf(java.io.IOException.class, failed.getCause());
            assertEquals(ProxyState.ERROR, f.state());
            assertEquals(McmpCommand.STATUS, f.listener.failures.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).request().command());

            ExecutionException dropped = assertThrows(ExecutionException.class, () -> f.send(STATUS));
            ProxyUnavailableException unavailable = assertInstanceOf(ProxyUnavailableException.class, dropped.getCause());
            assertEquals(ProxyState.ERROR, unavailable.state());
            assertEquals(1, f.snapshot().dropped());

            long resumed = System.nanoTime();
            f.fake.resumeListening();
            RecordingListener.Resync recovered = f.listener.next(WAIT);
            assertEquals(ResyncReason.RECOVERED, recovered.reason());
            long millis = TimeUnit.NANOSECONDS.toMillis(recovered.nanos() - resumed);
            System.out.println("ProxyLaneStateTest: RECOVERED resync " + millis + " ms after the proxy listened again");
            assertTrue(millis < 2_000, "recovery took " + millis + " ms; the backoff cap is 1 s");
            assertEquals(ProxyState.OK, f.state());
            assertInstanceOf(McmpReply.StatusReply.class, f.send(STATUS));
            assertTrue(log.one("CLAG1101").contains("proxy " + f.fake.address() + " is unreachable"),
                    "one line for the outage: " + log);
        }
    }

    @Test
    void syntaxErrorMakesTheProxyDownUntilReset() throws Exception {
        try (CapturedLog log = CapturedLog.capture(); LaneFixture f = LaneFixture.resynced(Duration.ofMillis(100))) {
            f.fake.failNext("STATUS", "SYNTAX", "SYNTAX: Load field is invalid");
            McmpReply.ErrorReply error = assertInstanceOf(McmpReply.ErrorReply.class, f.send(STATUS));
            assertEquals(McmpReply.ErrorType.SYNTAX, error.type());
            assertEquals(ProxyState.DOWN, f.state());
            assertEquals(1L, f.snapshot().errors().get(McmpReply.ErrorType.SYNTAX));

            f.fake.clearRequests();
            ExecutionException dropped = assertThrows(ExecutionException.class, () -> f.send(STATUS));
            assertEquals(ProxyState.DOWN, assertInstanceOf(ProxyUnavailableException.class, dropped.getCause()).state());
            // With a 100 ms probe interval, a lane that still talked would have sent several PINGs by now.
            assertNull(f.fake.takeRequest(Duration.ofMillis(700)), "a DOWN proxy gets nothing, not even probes");

            f.registry.resetDown();
            assertEquals(ResyncReason.RECOVERED, f.listener.next(WAIT).reason());
            assertEquals(ProxyState.OK, f.state());
            assertTrue(log.one("CLAG1103").contains("SYNTAX: Load field is invalid"), log.toString());
        }
    }

    @Test
    void notAnMcmpEndpointMakesTheProxyDown() throws Exception {
        try (CapturedLog log = CapturedLog.capture(); LaneFixture f = LaneFixture.resynced(Duration.ZERO)) {
            f.fake.failNext("STATUS", ScriptedReply.status(501, "Not Implemented"));
            McmpReply.NotMcmp notMcmp = assertInstanceOf(McmpReply.NotMcmp.class, f.send(STATUS));
            assertEquals(501, notMcmp.httpStatus());
            assertEquals(ProxyState.DOWN, f.state());
            assertTrue(f.snapshot().lastError().contains("501"), f.snapshot().lastError());
            assertTrue(log.one("CLAG1103").contains("HTTP 501 Not Implemented"), log.toString());
        }
    }

    @Test
    void unknownNodeTriggersANodeUnknownResync() throws Exception {
        try (LaneFixture f = LaneFixture.resynced(Duration.ZERO)) {
            f.fake.failNext("STATUS", "MEM", "MEM: Can't read node with \"node1\" JVMRoute");
            McmpReply.ErrorReply error = assertInstanceOf(McmpReply.ErrorReply.class, f.send(STATUS));
            assertTrue(error.nodeUnknown());
            assertEquals(ResyncReason.NODE_UNKNOWN, f.listener.next(WAIT).reason());
            assertEquals(ProxyState.OK, f.state());
            assertEquals(1L, f.snapshot().errors().get(McmpReply.ErrorType.MEM));
            assertInstanceOf(McmpReply.StatusReply.class, f.send(STATUS));
            assertNull(f.listener.resyncs.poll(200, TimeUnit.MILLISECONDS), "one error, one resync");
        }
    }

    @Test
    void statusIdChangeTriggersExactlyOneRestartedResync() throws Exception {
        try (LaneFixture f = LaneFixture.resynced(Duration.ZERO)) {
            long oldId = assertInstanceOf(McmpReply.StatusReply.class, f.send(STATUS)).id().getAsLong();

            f.fake.restart();
            // Someone else re-registered the node, so STATUS succeeds and only the id tells of the restart.
            assertInstanceOf(McmpReply.Ok.class, f.send(RecordingListener.config()));
            McmpReply.StatusReply after = assertInstanceOf(McmpReply.StatusReply.class, f.send(STATUS));
            assertTrue(after.id().getAsLong() != oldId, "the fake took a new id");
            assertEquals(ResyncReason.RESTARTED, f.listener.next(WAIT).reason());
            f.send(STATUS);
            f.send(STATUS);
            assertNull(f.listener.resyncs.poll(200, TimeUnit.MILLISECONDS), "exactly one RESTARTED resync");
            assertEquals(1, f.snapshot().idChanges());
            assertEquals(after.id().getAsLong(), f.snapshot().lastId().getAsLong());
        }
    }

    @Test
    void restartedProxyIsResyncedAtTheNextProbe() throws Exception {
        ManualLaneClock clock = new ManualLaneClock();
        try (LaneFixture f = LaneFixture.of(FakeProxy.start(), settings(Duration.ofSeconds(1)), clock)
                .addStartAndAwaitAdded()) {
            f.send(STATUS); // learn the id
            f.fake.restart();
            assertNull(f.listener.resyncs.poll(100, TimeUnit.MILLISECONDS), "no probe before the probe interval");
            clock.advance(Duration.ofSeconds(1));
            RecordingListener.Resync resync = f.listener.next(WAIT);
            assertEquals(ResyncReason.RESTARTED, resync.reason(), "the idle probe's PING-RSP carries the new id");
            assertTrue(f.fake.node(RecordingListener.ROUTE).isPresent(), "the restarted proxy knows the node again");
        }
    }

    @Test
    void afterALongOutageTheProxyIsResyncedWithinTheBackoffCap() throws Exception {
        // Lane time is the manual clock's: the outage lasts as long as the test advances it, without sleeping.
        ManualLaneClock clock = new ManualLaneClock();
        try (CapturedLog log = CapturedLog.capture();
             LaneFixture f = LaneFixture.of(FakeProxy.start(), settings(Duration.ZERO), clock).addStartAndAwaitAdded()) {
            f.fake.stopListening();
            assertThrows(ExecutionException.class, () -> f.send(STATUS));
            assertEquals(McmpCommand.STATUS, f.listener.failures.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .request().command());
            for (int retry = 1; retry <= 6; retry++) { // 100, 200, 400, 800 ms, then the 1 s cap
                clock.advance(Duration.ofSeconds(1));
                RecordingListener.Failure failure = f.listener.failures.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertTrue(failure != null, "no retry " + retry + " after the clock moved: " + f.snapshot());
                assertEquals(McmpCommand.PING, failure.request().command());
            }
            f.fake.resumeListening();
            assertNull(f.listener.resyncs.poll(100, TimeUnit.MILLISECONDS), "no retry before its time");
            clock.advance(Duration.ofSeconds(1)); // the backoff cap
            RecordingListener.Resync recovered = f.listener.next(WAIT);
            assertEquals(ResyncReason.RECOVERED, recovered.reason());
            assertEquals(ProxyState.OK, f.state());
            assertEquals(1, log.withId("CLAG1101").size(), "one line for the whole outage, not one per retry: " + log);
        }
    }

    @Test
    void serviceUnavailableIsAnOutageNotDown() throws Exception {
        try (CapturedLog log = CapturedLog.capture(); LaneFixture f = LaneFixture.resynced(Duration.ZERO)) {
            f.fake.failNext("STATUS", ScriptedReply.status(503, "Service Unavailable"));
            assertInstanceOf(McmpReply.NotMcmp.class, f.send(STATUS));
            assertEquals(ResyncReason.RECOVERED, f.listener.next(WAIT).reason(), "a 503 is retried, then resynced");
            assertEquals(ProxyState.OK, f.state());
            assertTrue(log.one("CLAG1101").contains("HTTP 503 Service Unavailable"), log.toString());
        }
    }

    @Test
    void nonMcmpRepliesButA501AreRetriedWithBackoffNotDown() throws Exception {
        for (int status : new int[] {408, 429, 502, 504, 404}) {
            try (CapturedLog log = CapturedLog.capture(); LaneFixture f = LaneFixture.resynced(Duration.ZERO)) {
                f.fake.failNext("STATUS", ScriptedReply.status(status, "Whatever"));
                assertInstanceOf(McmpReply.NotMcmp.class, f.send(STATUS));
                assertEquals(ResyncReason.RECOVERED, f.listener.next(WAIT).reason(), "HTTP " + status + " is retried");
                assertEquals(ProxyState.OK, f.state(), "HTTP " + status);
                assertTrue(log.one("CLAG1101").contains("HTTP " + status + " Whatever"), log.toString());
            }
        }
    }

    @Test
    void exchangeOutsideResyncIsRefused() throws Exception {
        CompletableFuture<ProxyLane> seen = new CompletableFuture<>();
        try (FakeProxy fake = FakeProxy.start();
             ProxyRegistry registry = new ProxyRegistry(settings(Duration.ZERO), (lane, reason) -> seen.complete(lane))) {
            registry.add(address(fake));
            registry.start();
            ProxyLane lane = seen.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> lane.exchange(STATUS));
            assertTrue(e.getMessage().contains("outside ProxyListener.resync"), e.getMessage());
        }
    }

    @Test
    void requestsGoOutInQueueOrder() throws Exception {
        try (LaneFixture f = LaneFixture.resynced(Duration.ZERO)) {
            f.fake.clearRequests();
            CompletableFuture<?> last = null;
            for (int n = 1; n <= 20; n++) {
                last = f.registry.send(f.proxy, org.clusteragent.core.mcmp.AppRequest.of(McmpCommand.ENABLE_APP,
                        RecordingListener.ROUTE, java.util.List.of("localhost"), "/c" + n));
            }
            last.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            for (int n = 1; n <= 20; n++) {
                RecordedRequest r = f.fake.takeRequest(WAIT);
                assertEquals("/c" + n, r.parameter("Context"));
            }
        }
    }
}
