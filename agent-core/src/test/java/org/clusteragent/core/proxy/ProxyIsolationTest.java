package org.clusteragent.core.proxy;

import static org.clusteragent.core.proxy.ProxyTests.WAIT;
import static org.clusteragent.core.proxy.ProxyTests.address;
import static org.clusteragent.core.proxy.ProxyTests.proxyThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.spi.ProxyAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A hung proxy delays nobody else, and close() ends every lane even while one is blocked. */
@Timeout(60)
class ProxyIsolationTest {

    /** The requirement: the healthy proxy gets its command within 50 ms despite a hung one. */
    private static final long ISOLATION_BOUND_MILLIS = 50;

    @Test
    @SuppressWarnings("try") // close() is called inside the block on purpose, to time it
    void healthyProxyIsServedWithin50msWhileAnotherHangs() throws Exception {
        RecordingListener listener = new RecordingListener();
        ProxySettings settings = ProxySettings.builder().socketTimeout(Duration.ofSeconds(20))
                .probeInterval(Duration.ZERO).build();
        try (FakeProxy hung = FakeProxy.start(); FakeProxy healthy = FakeProxy.start();
             ProxyRegistry registry = new ProxyRegistry(settings, listener)) {
            ProxyAddress hungAddress = address(hung);
            ProxyAddress healthyAddress = address(healthy);
            registry.add(hungAddress);
            registry.add(healthyAddress);
            registry.start();
            listener.next(WAIT);
            listener.next(WAIT);
            // Warm up both lanes (connections, class loading) so the figure measures queueing only.
            for (int i = 0; i < 20; i++) {
                registry.broadcast(new StatusRequest(RecordingListener.ROUTE, 50)).values()
                        .forEach(f -> f.join());
            }
            healthy.clearRequests();

            hung.hang(true);
            long worst = 0;
            CompletableFuture<McmpReply> hungFuture = null;
            for (int round = 1; round <= 10; round++) {
                long sent = System.nanoTime();
                Map<ProxyAddress, CompletableFuture<McmpReply>> futures =
                        registry.broadcast(new StatusRequest(RecordingListener.ROUTE, round));
                long returned = System.nanoTime();
                RecordedRequest got = healthy.takeRequest(WAIT);
                assertEquals(Integer.toString(round), got.parameter("Load"));
                McmpReply reply = futures.get(healthyAddress).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                long replied = System.nanoTime();
                long arrivedMillis = TimeUnit.NANOSECONDS.toMillis(got.arrivalNanos() - sent);
                long repliedMicros = TimeUnit.NANOSECONDS.toMicros(replied - sent);
                assertTrue(TimeUnit.NANOSECONDS.toMillis(returned - sent) < ISOLATION_BOUND_MILLIS,
                        "broadcast() must return at once, took " + (returned - sent) / 1000 + " us");
                assertTrue(replied - sent < TimeUnit.MILLISECONDS.toNanos(ISOLATION_BOUND_MILLIS),
                        "ISOLATION: round " + round + ": the healthy proxy got its STATUS " + arrivedMillis
                                + " ms and its reply " + repliedMicros / 1000 + " ms after broadcast, while the "
                                + "other proxy hangs; required < " + ISOLATION_BOUND_MILLIS + " ms");
                assertInstanceOf(McmpReply.StatusReply.class, reply);
                worst = Math.max(worst, repliedMicros);
                hungFuture = futures.get(hungAddress);
            }
            assertFalse(hungFuture.isDone(), "the hung proxy's lane is still blocked in its first exchange");
            System.out.println("ProxyIsolationTest: healthy proxy's worst broadcast-to-reply time with a hung peer: "
                    + worst + " us (bound " + ISOLATION_BOUND_MILLIS + " ms)");

            long closing = System.nanoTime();
            registry.close();
            long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
            System.out.println("ProxyIsolationTest: close() with a blocked lane took " + closeMillis + " ms");
            assertTrue(closeMillis < 2_000, "close() must abort the blocked exchange, took " + closeMillis + " ms");
            assertEquals(List.of(), proxyThreads(hungAddress, healthyAddress), "close() leaves no lane thread");
            CompletableFuture<McmpReply> blocked = hungFuture;
            ExecutionException aborted = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> blocked.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(java.io.IOException.class, aborted.getCause());
        }
    }

    @Test
    void closeLeavesNoLaneThreadAndFailsQueuedCommands() throws Exception {
        RecordingListener listener = new RecordingListener();
        FakeProxy a = FakeProxy.start();
        FakeProxy b = FakeProxy.start();
        try (a; b) {
            ProxyRegistry registry = new ProxyRegistry(ProxyTests.settings(Duration.ofMillis(50)), listener);
            registry.add(address(a));
            registry.add(address(b));
            assertEquals(List.of(), proxyThreads(address(a), address(b)), "no thread before start()");
            registry.start();
            listener.next(WAIT);
            listener.next(WAIT);
            assertEquals(2, proxyThreads(address(a), address(b)).size());
            registry.close();
            registry.close();
            assertEquals(List.of(), proxyThreads(address(a), address(b)));
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> registry.send(address(a), new StatusRequest("n", 1)).get(1, TimeUnit.SECONDS));
            assertInstanceOf(IllegalArgumentException.class, e.getCause(), "a closed registry has no proxies");
        }
    }

    @Test
    void removeStopsOnlyThatLane() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeProxy a = FakeProxy.start(); FakeProxy b = FakeProxy.start();
             ProxyRegistry registry = new ProxyRegistry(ProxyTests.settings(Duration.ZERO), listener)) {
            registry.add(address(a));
            registry.add(address(b));
            registry.start();
            listener.next(WAIT);
            listener.next(WAIT);
            assertTrue(registry.remove(address(a)));
            assertFalse(registry.remove(address(a)));
            assertEquals(List.of(), proxyThreads(address(a)));
            assertEquals(1, proxyThreads(address(b)).size());
            assertEquals(List.of(address(b)), List.copyOf(registry.proxies()));
            assertInstanceOf(McmpReply.StatusReply.class, registry.send(address(b),
                    new StatusRequest(RecordingListener.ROUTE, 5)).get(5, TimeUnit.SECONDS));
            assertTrue(registry.add(address(a)), "a removed proxy can be added again");
            assertEquals(ResyncReason.ADDED, listener.next(address(a), WAIT).reason());
        }
    }
}
