package org.clusteragent.core.proxy;

import static org.clusteragent.core.proxy.ProxyTests.WAIT;
import static org.clusteragent.core.proxy.ProxyTests.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.StatusRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A slow proxy's lane holds one STATUS per node and every desired-state command, in order; never a pile. */
@Timeout(60)
class LaneQueueTest {

    @Test
    void aSlowProxyGetsTheNewestStatusAndEveryStateCommandInOrder() throws Exception {
        try (LaneFixture f = LaneFixture.resynced(Duration.ZERO)) {
            f.fake.clearRequests();
            f.fake.hang(true);
            CompletableFuture<McmpReply> held = f.registry.send(f.proxy, new StatusRequest(RecordingListener.ROUTE, 1));
            assertTrue(f.fake.awaitRequest(r -> "STATUS".equals(r.method()), WAIT) != null, "the lane is in an exchange");

            List<CompletableFuture<McmpReply>> statuses = new ArrayList<>();
            AppRequest enable = AppRequest.of(McmpCommand.ENABLE_APP, RecordingListener.ROUTE, List.of("localhost"), "/a");
            AppRequest stop = AppRequest.of(McmpCommand.STOP_APP, RecordingListener.ROUTE, List.of("localhost"), "/b");
            CompletableFuture<McmpReply> enabled = null;
            CompletableFuture<McmpReply> stopped = null;
            for (int tick = 0; tick < 1_000; tick++) {
                statuses.add(f.registry.send(f.proxy, new StatusRequest(RecordingListener.ROUTE, 2 + tick % 98)));
                if (tick == 300) {
                    enabled = f.registry.send(f.proxy, enable);
                } else if (tick == 600) {
                    stopped = f.registry.send(f.proxy, stop);
                }
            }
            ProxySnapshot queued = f.snapshot();
            assertEquals(3, queued.queued(), "one STATUS and the two state commands wait: " + queued);
            assertEquals(999, queued.coalesced());

            f.fake.hang(false);
            held.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            for (CompletableFuture<McmpReply> s : statuses) {
                assertInstanceOf(McmpReply.StatusReply.class, s.get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                        "a replaced STATUS completes with the reply to the one that replaced it");
            }
            enabled.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            stopped.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            List<String> sent = new ArrayList<>();
            for (RecordedRequest r : f.fake.requests()) {
                sent.add(r.method() + (r.parameter("Load") != null ? " " + r.parameter("Load") : ""));
            }
            int last = 2 + 999 % 98;
            assertEquals(List.of("STATUS 1", "STATUS " + last, "ENABLE-APP", "STOP-APP"), sent,
                    "the newest load, and the state commands in the order they were queued");
        }
    }

    @Test
    void resyncRequestsWaitingTogetherAreOne() throws Exception {
        try (LaneFixture f = LaneFixture.resynced(Duration.ZERO)) {
            f.fake.hang(true);
            CompletableFuture<McmpReply> held = f.registry.send(f.proxy, new StatusRequest(RecordingListener.ROUTE, 1));
            assertTrue(f.fake.awaitRequest(r -> "STATUS".equals(r.method()), WAIT) != null);
            for (int i = 0; i < 100; i++) {
                f.registry.refresh();
            }
            assertEquals(1, f.snapshot().queued());
            f.fake.hang(false);
            held.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(ResyncReason.REFRESH, f.listener.next(WAIT).reason());
            assertEquals(null, f.listener.resyncs.poll(300, TimeUnit.MILLISECONDS), "one resync for 100 requests");
        }
    }
}
