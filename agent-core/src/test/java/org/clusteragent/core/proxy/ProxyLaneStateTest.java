package org.clusteragent.core.proxy;

import static org.clusteragent.core.proxy.ProxyTests.WAIT;
import static org.clusteragent.core.proxy.ProxyTests.address;
import static org.clusteragent.core.proxy.ProxyTests.settings;
import static org.clusteragent.core.proxy.ProxyTests.snapshot;
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
import org.clusteragent.spi.ProxyAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every state transition of a lane, against the fake proxy over real sockets. */
@Timeout(60)
class ProxyLaneStateTest {

    private static final StatusRequest STATUS = new StatusRequest(RecordingListener.ROUTE, 80);

    private static McmpReply reply(CompletableFuture<McmpReply> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void addedProxyIsResyncedOnItsLaneThenServesCommands() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeProxy fake = FakeProxy.start(); ProxyRegistry registry = new ProxyRegistry(settings(Duration.ZERO), listener)) {
            ProxyAddress proxy = address(fake);
            assertTrue(registry.add(proxy));
            assertEquals(ProxyState.NEW, snapshot(registry, proxy).state(), "nothing runs before start()");
            registry.start();
            RecordingListener.Resync added = listener.next(WAIT);
            assertEquals(ResyncReason.ADDED, added.reason());
            assertEquals("clusteragent-proxy-127.0.0.1:" + fake.port(), added.thread());
            assertInstanceOf(McmpReply.Ok.class, added.configReply());
            assertTrue(fake.node(RecordingListener.ROUTE).isPresent(), "the CONFIG sent in resync reached the proxy");
            assertEquals(false, registry.add(proxy), "adding twice is a no-op");

            McmpReply status = reply(registry.broadcast(STATUS).get(proxy));
            McmpReply.StatusReply sr = assertInstanceOf(McmpReply.StatusReply.class, status);
            assertEquals(fake.id(), sr.id().getAsLong());
            ProxySnapshot snap = snapshot(registry, proxy);
            assertEquals(ProxyState.OK, snap.state());
            assertEquals(1, snap.commands().get(McmpCommand.STATUS).count());
            assertEquals(1, snap.commands().get(McmpCommand.CONFIG).count());
            assertTrue(snap.commands().get(McmpCommand.STATUS).maxNanos() > 0);
            assertEquals(fake.id(), snap.lastId().getAsLong());
            assertTrue(snap.lastReply().startsWith("STATUS"), snap.lastReply());
            assertEquals(1, snap.connections());
            assertNull(listener.resyncs.poll(), "only the ADDED resync happened");
        }
    }

    @Test
    void unreachableProxyGoesToErrorDropsCommandsAndRecoversWithResync() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeProxy fake = FakeProxy.start(); ProxyRegistry registry = new ProxyRegistry(settings(Duration.ZERO), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            assertEquals(ResyncReason.ADDED, listener.next(WAIT).reason());

            fake.stopListening();
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> reply(registry.send(proxy, STATUS)));
            assertInstanceOf(java.io.IOException.class, failed.getCause());
            assertEquals(ProxyState.ERROR, snapshot(registry, proxy).state());
            assertEquals(McmpCommand.STATUS, listener.failures.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).request().command());

            ExecutionException dropped = assertThrows(ExecutionException.class,
                    () -> reply(registry.send(proxy, STATUS)));
            ProxyUnavailableException unavailable = assertInstanceOf(ProxyUnavailableException.class, dropped.getCause());
            assertEquals(ProxyState.ERROR, unavailable.state());
            assertEquals(1, snapshot(registry, proxy).dropped());

            long resumed = System.nanoTime();
            fake.resumeListening();
            RecordingListener.Resync recovered = listener.next(WAIT);
            assertEquals(ResyncReason.RECOVERED, recovered.reason());
            long millis = TimeUnit.NANOSECONDS.toMillis(recovered.nanos() - resumed);
            System.out.println("ProxyLaneStateTest: RECOVERED resync " + millis + " ms after the proxy listened again");
            assertTrue(millis < 2_000, "recovery took " + millis + " ms; the backoff cap is 1 s");
            assertEquals(ProxyState.OK, snapshot(registry, proxy).state());
            assertInstanceOf(McmpReply.StatusReply.class, reply(registry.send(proxy, STATUS)));
        }
    }

    @Test
    void syntaxErrorMakesTheProxyDownUntilReset() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeProxy fake = FakeProxy.start();
             ProxyRegistry registry = new ProxyRegistry(settings(Duration.ofMillis(100)), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            listener.next(WAIT);
            fake.failNext("STATUS", "SYNTAX", "SYNTAX: Load field is invalid");
            McmpReply.ErrorReply error = assertInstanceOf(McmpReply.ErrorReply.class, reply(registry.send(proxy, STATUS)));
            assertEquals(McmpReply.ErrorType.SYNTAX, error.type());
            assertEquals(ProxyState.DOWN, snapshot(registry, proxy).state());
            assertEquals(1L, snapshot(registry, proxy).errors().get(McmpReply.ErrorType.SYNTAX));

            fake.clearRequests();
            ExecutionException dropped = assertThrows(ExecutionException.class, () -> reply(registry.send(proxy, STATUS)));
            assertEquals(ProxyState.DOWN, assertInstanceOf(ProxyUnavailableException.class, dropped.getCause()).state());
            // With a 100 ms probe interval, a lane that still talked would have sent several PINGs by now.
            assertNull(fake.takeRequest(Duration.ofMillis(700)), "a DOWN proxy gets nothing, not even probes");

            registry.resetDown();
            assertEquals(ResyncReason.RECOVERED, listener.next(WAIT).reason());
            assertEquals(ProxyState.OK, snapshot(registry, proxy).state());
        }
    }

    @Test
    void notAnMcmpEndpointMakesTheProxyDown() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeProxy fake = FakeProxy.start(); ProxyRegistry registry = new ProxyRegistry(settings(Duration.ZERO), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            listener.next(WAIT);
            fake.failNext("STATUS", ScriptedReply.status(501, "Not Implemented"));
            McmpReply.NotMcmp notMcmp = assertInstanceOf(McmpReply.NotMcmp.class, reply(registry.send(proxy, STATUS)));
            assertEquals(501, notMcmp.httpStatus());
            assertEquals(ProxyState.DOWN, snapshot(registry, proxy).state());
            assertTrue(snapshot(registry, proxy).lastError().contains("501"), snapshot(registry, proxy).lastError());
        }
    }

    @Test
    void unknownNodeTriggersANodeUnknownResync() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeProxy fake = FakeProxy.start(); ProxyRegistry registry = new ProxyRegistry(settings(Duration.ZERO), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            listener.next(WAIT);
            fake.failNext("STATUS", "MEM", "MEM: Can't read node with \"node1\" JVMRoute");
            McmpReply.ErrorReply error = assertInstanceOf(McmpReply.ErrorReply.class, reply(registry.send(proxy, STATUS)));
            assertTrue(error.nodeUnknown());
            assertEquals(ResyncReason.NODE_UNKNOWN, listener.next(WAIT).reason());
            assertEquals(ProxyState.OK, snapshot(registry, proxy).state());
            assertEquals(1L, snapshot(registry, proxy).errors().get(McmpReply.ErrorType.MEM));
            assertInstanceOf(McmpReply.StatusReply.class, reply(registry.send(proxy, STATUS)));
            assertNull(listener.resyncs.poll(200, TimeUnit.MILLISECONDS), "one error, one resync");
        }
    }

    @Test
    void statusIdChangeTriggersExactlyOneRestartedResync() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeProxy fake = FakeProxy.start(); ProxyRegistry registry = new ProxyRegistry(settings(Duration.ZERO), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            listener.next(WAIT);
            long oldId = assertInstanceOf(McmpReply.StatusReply.class, reply(registry.send(proxy, STATUS))).id().getAsLong();

            fake.restart();
            // Someone else re-registered the node, so STATUS succeeds and only the id tells of the restart.
            assertInstanceOf(McmpReply.Ok.class, reply(registry.send(proxy, RecordingListener.config())));
            McmpReply.StatusReply after = assertInstanceOf(McmpReply.StatusReply.class, reply(registry.send(proxy, STATUS)));
            assertTrue(after.id().getAsLong() != oldId, "the fake took a new id");
            assertEquals(ResyncReason.RESTARTED, listener.next(WAIT).reason());
            reply(registry.send(proxy, STATUS));
            reply(registry.send(proxy, STATUS));
            assertNull(listener.resyncs.poll(200, TimeUnit.MILLISECONDS), "exactly one RESTARTED resync");
            assertEquals(1, snapshot(registry, proxy).idChanges());
            assertEquals(after.id().getAsLong(), snapshot(registry, proxy).lastId().getAsLong());
        }
    }

    @Test
    void restartedProxyIsResyncedWithinAboutASecond() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeProxy fake = FakeProxy.start();
             ProxyRegistry registry = new ProxyRegistry(settings(Duration.ofSeconds(1)), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            listener.next(WAIT);
            reply(registry.send(proxy, STATUS)); // learn the id

            long restarted = System.nanoTime();
            fake.restart();
            RecordingListener.Resync resync = listener.next(WAIT);
            long millis = TimeUnit.NANOSECONDS.toMillis(resync.nanos() - restarted);
            System.out.println("ProxyLaneStateTest: restarted proxy resynced (" + resync.reason() + ") after "
                    + millis + " ms");
            assertEquals(ResyncReason.RESTARTED, resync.reason(), "the idle probe's PING-RSP carries the new id");
            assertTrue(millis < 2_500, "resync took " + millis + " ms; expected about the 1 s probe interval");
            assertTrue(fake.node(RecordingListener.ROUTE).isPresent(), "the restarted proxy knows the node again");
        }
    }

    @Test
    void afterALongOutageTheProxyIsResyncedWithinTheBackoffCap() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeProxy fake = FakeProxy.start(); ProxyRegistry registry = new ProxyRegistry(settings(Duration.ZERO), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            listener.next(WAIT);
            fake.stopListening();
            assertThrows(ExecutionException.class, () -> reply(registry.send(proxy, STATUS)));
            Thread.sleep(2_500); // the outage itself: long enough for the backoff to reach its 1 s cap
            long resumed = System.nanoTime();
            fake.resumeListening();
            RecordingListener.Resync recovered = listener.next(WAIT);
            long millis = TimeUnit.NANOSECONDS.toMillis(recovered.nanos() - resumed);
            System.out.println("ProxyLaneStateTest: after a 2.5 s outage, RECOVERED resync " + millis
                    + " ms after the proxy listened again");
            assertEquals(ResyncReason.RECOVERED, recovered.reason());
            assertTrue(millis < 1_500, "recovery took " + millis + " ms; the backoff cap is 1 s");
        }
    }

    @Test
    void serviceUnavailableIsAnOutageNotDown() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeProxy fake = FakeProxy.start(); ProxyRegistry registry = new ProxyRegistry(settings(Duration.ZERO), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            listener.next(WAIT);
            fake.failNext("STATUS", ScriptedReply.status(503, "Service Unavailable"));
            assertInstanceOf(McmpReply.NotMcmp.class, reply(registry.send(proxy, STATUS)));
            assertEquals(ResyncReason.RECOVERED, listener.next(WAIT).reason(), "a 503 is retried, then resynced");
            assertEquals(ProxyState.OK, snapshot(registry, proxy).state());
        }
    }

    @Test
    void exchangeOutsideResyncIsRefused() throws Exception {
        java.util.concurrent.CompletableFuture<ProxyLane> seen = new java.util.concurrent.CompletableFuture<>();
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
        RecordingListener listener = new RecordingListener();
        try (FakeProxy fake = FakeProxy.start(); ProxyRegistry registry = new ProxyRegistry(settings(Duration.ZERO), listener)) {
            ProxyAddress proxy = address(fake);
            registry.add(proxy);
            registry.start();
            listener.next(WAIT);
            fake.clearRequests();
            CompletableFuture<?> last = null;
            for (int load = 1; load <= 20; load++) {
                last = registry.send(proxy, new StatusRequest(RecordingListener.ROUTE, load));
            }
            last.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            for (int load = 1; load <= 20; load++) {
                RecordedRequest r = fake.takeRequest(WAIT);
                assertEquals(Integer.toString(load), r.parameter("Load"));
            }
        }
    }
}
