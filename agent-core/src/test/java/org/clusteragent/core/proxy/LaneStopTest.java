package org.clusteragent.core.proxy;

import static org.clusteragent.core.proxy.ProxyTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A lane that is stopped while it resyncs a healthy proxy ends quietly: the agent's own stop is no
 * outage of the proxy (it used to log CLAG1101 "proxy ... is unreachable (... is CLOSED; request not
 * sent)" at every shutdown that met a resync).
 */
@Timeout(60)
class LaneStopTest {

    @Test
    void aStopDuringAResyncLogsNoOutage() throws Exception {
        CountDownLatch resyncing = new CountDownLatch(1);
        AtomicReference<IOException> refused = new AtomicReference<>();
        ProxyListener stoppedMidResync = new ProxyListener() {
            @Override
            public void resync(ProxyLane lane, ResyncReason reason) throws IOException {
                resyncing.countDown();
                try {
                    Thread.sleep(WAIT.toMillis()); // until stop() interrupts the lane's thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    lane.exchange(RecordingListener.config());
                } catch (IOException e) {
                    refused.set(e);
                    throw e;
                }
            }

            @Override
            public void replied(ProxyAddress proxy, McmpRequest request, McmpReply reply, long nanos) {
            }

            @Override
            public void failed(ProxyAddress proxy, McmpRequest request, Exception cause) {
            }
        };
        try (CapturedLog log = CapturedLog.capture(); FakeProxy fake = FakeProxy.start()) {
            ProxyRegistry registry = new ProxyRegistry(ProxyTests.settings(Duration.ZERO), stoppedMidResync);
            registry.add(ProxyTests.address(fake));
            registry.start();
            assertTrue(resyncing.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the ADDED resync began");
            registry.close();

            ProxyUnavailableException closed = assertInstanceOf(ProxyUnavailableException.class, refused.get());
            assertEquals(ProxyState.CLOSED, closed.state());
            assertEquals(java.util.List.of(), log.withId("CLAG1101"), "a stop is not an outage");
        }
    }
}
