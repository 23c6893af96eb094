package org.clusteragent.advertise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.clusteragent.spi.testing.RecordingDiscoveryListener;

/**
 * Real sockets on loopback multicast, no root needed: the sender binds 127.0.0.1 and sends out of
 * lo, the discovery joins on 127.0.0.1 (or on "lo" by name); every test has its own port.
 */
@Timeout(60)
class AdvertiseMulticastTest {

    static final String KEY = "s3cret";
    static final String SERVER = "f255c684-8dd4-4c7b-a0bc-8bbb768aa10a";
    static final long WAIT = 10;

    final RecordingDiscoveryListener recorder = new RecordingDiscoveryListener();
    AdvertiseDiscovery discovery;
    AdvertiseDiscovery second;

    @AfterEach
    void stop() {
        if (discovery != null) {
            discovery.stop();
        }
        if (second != null) {
            second.stop();
        }
        assertFalse(Multicast.advertiseThreadsAlive(), "stop leaves no thread");
    }

    @Test
    void findsAProxyAndIgnoresReplaysWrongKeysAndGoodbyesOnlyWhenValid() throws Exception {
        int port = Multicast.freePort();
        discovery = new AdvertiseDiscovery(Multicast.settings(port, Map.of("advertiseSecurityKey", KEY)));
        discovery.start(recorder);
        try (CapturedLog log = CapturedLog.capture(); Multicast sender = new Multicast(port)) {
            Instant now = Instant.now();
            sender.send(Datagrams.advertise("wrong", now, 1, SERVER, "127.0.0.1:6666"));
            byte[] valid = Datagrams.advertise(KEY, now, 2, SERVER, "127.0.0.1:6666");
            sender.send(valid);
            assertEquals("found 127.0.0.1:6666", recorder.events.poll(WAIT, TimeUnit.SECONDS));
            sender.send(valid); // a replay
            sender.send(Datagrams.goodbye(410, "wrong", now, 3, SERVER)); // a forged goodbye
            awaitCount(() -> discovery.statistics().total() == 4);
            assertEquals(2, discovery.statistics().count(AdvertiseOutcome.BAD_DIGEST));
            assertEquals(1, discovery.statistics().count(AdvertiseOutcome.REPLAY));
            assertNull(recorder.poll());
            sender.send(Datagrams.goodbye(410, KEY, now, 3, SERVER));
            assertEquals("lost 127.0.0.1:6666", recorder.events.poll(WAIT, TimeUnit.SECONDS));
            assertTrue(log.one("CLAG5010").contains("has a wrong digest"), "two bad digests, one line: " + log);
        }
    }

    @Test
    void severalListenersShareOnePortAndJoinByInterfaceName() throws Exception {
        int port = Multicast.freePort();
        discovery = new AdvertiseDiscovery(Multicast.settings(port, Map.of()));
        RecordingDiscoveryListener other = new RecordingDiscoveryListener();
        second = new AdvertiseDiscovery(Multicast.settings(port, Map.of("advertiseInterface", "",
                "advertiseInterfaceName", Multicast.loopback().getName())));
        discovery.start(recorder);
        second.start(other);
        try (Multicast sender = new Multicast(port)) {
            sender.send(Datagrams.advertise(null, Instant.now(), 0, SERVER, "127.0.0.1:6666", "https"));
            assertEquals("found https://127.0.0.1:6666", recorder.events.poll(WAIT, TimeUnit.SECONDS));
            assertEquals("found https://127.0.0.1:6666", other.events.poll(WAIT, TimeUnit.SECONDS));
        }
    }

    @Test
    void silentProxyIsLostOnTheReceiveThreadWithoutSleepingForIt() throws Exception {
        int port = Multicast.freePort();
        AtomicLong nanos = new AtomicLong();
        discovery = new AdvertiseDiscovery(Multicast.settings(port, Map.of()), Clock.systemUTC(), nanos::get);
        discovery.start(recorder);
        try (CapturedLog log = CapturedLog.capture(); Multicast sender = new Multicast(port)) {
            sender.send(Datagrams.advertise(null, Instant.now(), 1, SERVER, "127.0.0.1:6666"));
            assertEquals("found 127.0.0.1:6666", recorder.events.poll(WAIT, TimeUnit.SECONDS));
            nanos.addAndGet(Duration.ofSeconds(61).toNanos());
            // the receive timeout (1 s) wakes the thread, which sees the moved clock
            assertEquals("lost 127.0.0.1:6666", recorder.events.poll(WAIT, TimeUnit.SECONDS));
            assertTrue(log.one("CLAG5005").contains("not heard for 60 s"), log.toString());
        }
    }

    @Test
    void startAndStopAreWellBehaved() throws Exception {
        int port = Multicast.freePort();
        discovery = new AdvertiseDiscovery(Multicast.settings(port, Map.of()));
        discovery.start(recorder);
        assertTrue(Multicast.advertiseThreadsAlive());
        assertThrows(IllegalStateException.class, () -> discovery.start(recorder));
        discovery.stop();
        discovery.stop();
        assertFalse(Multicast.advertiseThreadsAlive());
        discovery.start(recorder); // a server restart in the same JVM
        try (Multicast sender = new Multicast(port)) {
            sender.send(Datagrams.advertise(null, Instant.now(), 1, SERVER, "127.0.0.1:6666"));
            assertEquals("found 127.0.0.1:6666", recorder.events.poll(WAIT, TimeUnit.SECONDS));
        }
    }

    static void awaitCount(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in " + WAIT + " s");
            Thread.sleep(10);
        }
    }
}
