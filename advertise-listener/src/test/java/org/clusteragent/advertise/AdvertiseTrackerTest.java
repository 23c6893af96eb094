package org.clusteragent.advertise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.RecordingDiscoveryListener;

/** The tracker's decisions, driven with literal datagrams and hand-moved clocks: no sleeping. */
class AdvertiseTrackerTest {

    /** The tracker logs every datagram it drops or proxy it loses; the tests expect that, so it is kept here. */
    private final CapturedLog log = CapturedLog.capture("org.clusteragent", Level.ALL);

    @AfterEach
    void closeLog() {
        log.close();
    }

    static final String KEY = "secret";
    static final String S1 = "11111111-aaaa-bbbb-cccc-000000000001";
    static final String S2 = "22222222-aaaa-bbbb-cccc-000000000002";
    static final InetAddress SOURCE = InetAddress.getLoopbackAddress();

    Instant wall = Instant.parse("2026-11-22T04:16:12Z");
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final RecordingDiscoveryListener recorder = new RecordingDiscoveryListener();
    final AdvertiseStatistics stats = new AdvertiseStatistics();

    AdvertiseTracker tracker(String key, Duration fixedTimeout) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return wall;
            }
        };
        return new AdvertiseTracker(AdvertiseDigest.forKey(key), Duration.ofMinutes(5), fixedTimeout,
                clock, nanos::get, recorder, stats);
    }

    AdvertiseOutcome feed(AdvertiseTracker t, byte[] datagram) {
        return t.onDatagram(datagram, 0, datagram.length, SOURCE);
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        wall = wall.plus(d);
    }

    @Test
    void theSpecDatagramFindsItsProxyWithKeySecret() {
        AdvertiseTracker t = tracker("secret", null);
        byte[] d = AdvertiseParserTest.HTTPD.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, d));
        assertEquals("found 127.0.0.1:6666", recorder.poll());
        assertEquals(AdvertiseOutcome.REPLAY, feed(t, d), "the same datagram again");
        assertNull(recorder.poll());
    }

    @Test
    void replaysAndOlderSequencesAreDropped() {
        AdvertiseTracker t = tracker(KEY, null);
        assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, Datagrams.advertise(KEY, wall, 5, S1, "10.0.0.1:6666")));
        assertEquals("found 10.0.0.1:6666", recorder.poll());
        advance(Duration.ofSeconds(10));
        assertEquals(AdvertiseOutcome.REPLAY, feed(t, Datagrams.advertise(KEY, wall, 5, S1, "10.0.0.1:6666")));
        assertEquals(AdvertiseOutcome.REPLAY, feed(t, Datagrams.advertise(KEY, wall, 4, S1, "10.0.0.1:6666")));
        assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, Datagrams.advertise(KEY, wall, 6, S1, "10.0.0.1:6666")));
        assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, Datagrams.advertise(KEY, wall, 9, S1, "10.0.0.1:6666")), "gaps are fine");
        assertNull(recorder.poll(), "heard again: no new event");
        assertEquals(2, stats.count(AdvertiseOutcome.REPLAY));
    }

    @Test
    void datesTooFarFromOurClockAreDropped() {
        AdvertiseTracker t = tracker(KEY, null);
        assertEquals(AdvertiseOutcome.CLOCK_SKEW, feed(t, Datagrams.advertise(KEY, wall.minusSeconds(301), 1, S1, "10.0.0.1:6666")));
        assertEquals(AdvertiseOutcome.CLOCK_SKEW, feed(t, Datagrams.advertise(KEY, wall.plusSeconds(301), 2, S1, "10.0.0.1:6666")));
        assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, Datagrams.advertise(KEY, wall.minusSeconds(299), 3, S1, "10.0.0.1:6666")));
        assertEquals("found 10.0.0.1:6666", recorder.poll());
        assertNull(recorder.poll());
    }

    @Test
    void wrongKeyAndNoKeyAreDroppedAndNeverFound() {
        AdvertiseTracker t = tracker(KEY, null);
        assertEquals(AdvertiseOutcome.BAD_DIGEST, feed(t, Datagrams.advertise("other", wall, 1, S1, "10.0.0.1:6666")));
        assertEquals(AdvertiseOutcome.BAD_DIGEST, feed(t, Datagrams.advertise(null, wall, 2, S1, "10.0.0.1:6666")));
        AdvertiseTracker open = tracker(null, null);
        assertEquals(AdvertiseOutcome.BAD_DIGEST, feed(open, Datagrams.advertise(KEY, wall, 1, S1, "10.0.0.1:6666")),
                "without a key the zero salt is still checked");
        assertEquals(AdvertiseOutcome.ACCEPTED, feed(open, Datagrams.advertise(null, wall, 1, S1, "10.0.0.1:6666")));
        assertEquals("found 10.0.0.1:6666", recorder.poll());
        assertNull(recorder.poll());
    }

    @Test
    void aNewServerIdAtTheSameAddressIsARestartAndTheOldIdIsRetired() {
        AdvertiseTracker t = tracker(KEY, null);
        feed(t, Datagrams.advertise(KEY, wall, 40, S1, "10.0.0.1:6666"));
        assertEquals("found 10.0.0.1:6666", recorder.poll());
        Instant beforeRestart = wall;
        advance(Duration.ofSeconds(30));
        assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, Datagrams.advertise(KEY, wall, 1, S2, "10.0.0.1:6666")));
        assertEquals("restarted 10.0.0.1:6666", recorder.poll());
        assertEquals(AdvertiseOutcome.RETIRED_SERVER, feed(t, Datagrams.advertise(KEY, wall, 41, S1, "10.0.0.1:6666")),
                "the previous run's id is not accepted again");
        String s3 = "33333333-aaaa-bbbb-cccc-000000000003";
        assertEquals(AdvertiseOutcome.REPLAY, feed(t, Datagrams.advertise(KEY, beforeRestart, 7, s3, "10.0.0.1:6666")),
                "a captured datagram of an even earlier run, older than the current run's");
        assertNull(recorder.poll());
    }

    /**
     * Issue 12: 1,000 datagrams with new Server ids for one address once logged 1,000 restart lines.
     * Every restart still reaches the listener (the proxy registry coalesces their resyncs), but one
     * line a minute is logged per address, and the count of the others when the storm is over.
     */
    @Test
    void aThousandNewServerIdsForOneAddressAreTwoLogLinesAndACount() {
        AdvertiseTracker t = tracker(null, null);
        for (int i = 0; i < 1_000; i++) {
            advance(Duration.ofMillis(1));
            assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, Datagrams.advertise(null, wall, 1, server(i),
                    "10.0.0.1:6666")));
            t.expire();
        }
        assertEquals("found 10.0.0.1:6666", recorder.poll());
        int restarts = 0;
        while (recorder.poll() != null) {
            restarts++;
        }
        assertEquals(999, restarts, "every restart is told to the agent");
        assertEquals(1, log.withId("CLAG5002").size(), log.toString());
        assertEquals(List.of("CLAG5003: Proxy 10.0.0.1:6666 restarted (Server " + server(1) + ", was " + server(0) + ")"),
                log.withId("CLAG5003"), "one restart line for the storm so far");

        long sequence = keepAdvertising(t, server(999), 2);
        t.expire();
        assertEquals(List.of("CLAG5003: Proxy 10.0.0.1:6666 restarted (Server " + server(999) + ", was " + server(998)
                + "); 997 more restart(s) at this address in the last 60 s were not logged"),
                log.withId("CLAG5003").subList(1, log.withId("CLAG5003").size()), "then one line with the count");

        keepAdvertising(t, server(999), sequence);
        feed(t, Datagrams.advertise(null, wall, 1, server(1_000), "10.0.0.1:6666"));
        assertEquals(3, log.withId("CLAG5003").size(), "a restart a minute after the last line is logged at once");
        assertEquals("restarted 10.0.0.1:6666", recorder.poll());
    }

    /** The proxy goes on advertising, every 10 s for 70 s, as a live one does; returns the next sequence. */
    private long keepAdvertising(AdvertiseTracker t, String server, long sequence) {
        for (int i = 0; i < 7; i++) {
            advance(Duration.ofSeconds(10));
            assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, Datagrams.advertise(null, wall, sequence++, server,
                    "10.0.0.1:6666")));
            t.expire();
        }
        return sequence;
    }

    private static String server(int i) {
        return String.format("%08d-aaaa-bbbb-cccc-000000000001", i);
    }

    @Test
    void goodbyeRemovesOnlyWithValidDigestAndFreshSequence() {
        AdvertiseTracker t = tracker(KEY, null);
        feed(t, Datagrams.advertise(KEY, wall, 3, S1, "10.0.0.1:6666", "https"));
        assertEquals("found https://10.0.0.1:6666", recorder.poll());
        assertEquals(AdvertiseOutcome.BAD_DIGEST, feed(t, Datagrams.goodbye(410, "forged", wall, 4, S1)));
        assertEquals(AdvertiseOutcome.REPLAY, feed(t, Datagrams.goodbye(410, KEY, wall, 3, S1)));
        assertEquals(AdvertiseOutcome.UNKNOWN_SERVER, feed(t, Datagrams.goodbye(410, KEY, wall, 9, S2)));
        assertNull(recorder.poll());
        assertEquals(AdvertiseOutcome.GOODBYE, feed(t, Datagrams.goodbye(403, KEY, wall, 4, S1)));
        assertEquals("lost https://10.0.0.1:6666", recorder.poll());
        assertEquals(AdvertiseOutcome.RETIRED_SERVER, feed(t, Datagrams.goodbye(410, KEY, wall, 5, S1)));
        assertEquals(AdvertiseOutcome.RETIRED_SERVER, feed(t, Datagrams.advertise(KEY, wall, 6, S1, "10.0.0.1:6666", "https")));
        assertNull(recorder.poll());
    }

    @Test
    void silentProxyIsLostAfterSixIntervalsButAtLeastSixtySeconds() {
        AdvertiseTracker t = tracker(KEY, null);
        feed(t, Datagrams.advertise(KEY, wall, 1, S1, "10.0.0.1:6666"));
        recorder.poll();
        assertEquals(Duration.ofSeconds(60).toNanos(), t.timeoutNanos(S1), "interval unknown yet");
        advance(Duration.ofSeconds(20));
        feed(t, Datagrams.advertise(KEY, wall, 2, S1, "10.0.0.1:6666"));
        assertEquals(Duration.ofSeconds(120).toNanos(), t.timeoutNanos(S1));
        advance(Duration.ofSeconds(40)); // two datagrams lost: the interval is still 20 s
        feed(t, Datagrams.advertise(KEY, wall, 4, S1, "10.0.0.1:6666"));
        assertEquals(Duration.ofSeconds(120).toNanos(), t.timeoutNanos(S1));
        advance(Duration.ofSeconds(120));
        t.expire();
        assertNull(recorder.poll(), "exactly the timeout: not yet");
        advance(Duration.ofSeconds(1));
        t.expire();
        assertEquals("lost 10.0.0.1:6666", recorder.poll());
        t.expire();
        assertNull(recorder.poll(), "lost once");
        feed(t, Datagrams.advertise(KEY, wall, 5, S1, "10.0.0.1:6666"));
        assertEquals("found 10.0.0.1:6666", recorder.poll(), "heard again after it was lost");

        AdvertiseTracker fast = tracker(KEY, null);
        feed(fast, Datagrams.advertise(KEY, wall, 1, S2, "10.0.0.2:6666"));
        advance(Duration.ofSeconds(1));
        feed(fast, Datagrams.advertise(KEY, wall, 2, S2, "10.0.0.2:6666"));
        assertEquals(Duration.ofSeconds(60).toNanos(), fast.timeoutNanos(S2), "6 x 1 s is below the 60 s floor");
    }

    @Test
    void configuredTimeoutWins() {
        AdvertiseTracker t = tracker(KEY, Duration.ofSeconds(15));
        feed(t, Datagrams.advertise(KEY, wall, 1, S1, "10.0.0.1:6666"));
        recorder.poll();
        advance(Duration.ofSeconds(16));
        t.expire();
        assertEquals("lost 10.0.0.1:6666", recorder.poll());
        assertEquals("CLAG5005: Proxy 10.0.0.1:6666 (Server " + S1 + ") not heard for 15 s; treated as lost",
                log.one("CLAG5005"));
    }

    @Test
    void aKnownServerClaimingAnotherAddressIsDropped() {
        AdvertiseTracker t = tracker(KEY, null);
        feed(t, Datagrams.advertise(KEY, wall, 1, S1, "10.0.0.1:6666"));
        recorder.poll();
        assertEquals(AdvertiseOutcome.ADDRESS_MISMATCH, feed(t, Datagrams.advertise(KEY, wall, 2, S1, "10.6.6.6:6666")));
        assertNull(recorder.poll());
    }

    @Test
    void managerAddressForms() {
        AdvertiseTracker t = tracker(KEY, null);
        feed(t, Datagrams.advertise(KEY, wall, 1, S1, "[fe80::1]:8443", "HTTPS"));
        assertEquals("found https://[fe80::1]:8443", recorder.poll());
        feed(t, Datagrams.advertise(KEY, wall, 1, S2, "0.0.0.0:6666"));
        assertEquals("found 127.0.0.1:6666", recorder.poll(), "a wildcard address means the sender");
        String s3 = "33333333-aaaa-bbbb-cccc-000000000003";
        assertEquals(AdvertiseOutcome.MALFORMED, feed(t, Datagrams.advertise(KEY, wall, 1, s3, "10.0.0.1")));
        assertEquals(AdvertiseOutcome.MALFORMED, feed(t, Datagrams.advertise(KEY, wall, 1, s3, "10.0.0.1:0")));
        assertEquals(AdvertiseOutcome.MALFORMED, feed(t, Datagrams.advertise(KEY, wall, 1, s3, "10.0.0.1:70000")));
        assertEquals(AdvertiseOutcome.MALFORMED, feed(t, Datagrams.advertise(KEY, wall, 1, s3, "10.0.0.1:6666", "ajp")));
        assertEquals(AdvertiseOutcome.MALFORMED, feed(t, Datagrams.advertise(KEY, wall, 1, s3, "a b:6666")));
        assertNull(recorder.poll());
    }

    @Test
    void theNumberOfTrackedProxiesIsBounded() {
        AdvertiseTracker t = tracker(KEY, null);
        for (int i = 0; i < AdvertiseTracker.MAX_PROXIES; i++) {
            assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, Datagrams.advertise(KEY, wall, 1, "s" + i, "10.1." + (i / 200) + "." + (i % 200) + ":6666")));
        }
        assertEquals(AdvertiseOutcome.TOO_MANY_PROXIES, feed(t, Datagrams.advertise(KEY, wall, 1, "extra", "10.2.0.1:6666")));
        advance(Duration.ofSeconds(61));
        t.expire(); // all lost: their slots can be reused
        assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, Datagrams.advertise(KEY, wall, 1, "extra", "10.2.0.1:6666")));
    }

    @Test
    void aThrowingListenerDoesNotBreakTheTracker() {
        AdvertiseTracker t = new AdvertiseTracker(AdvertiseDigest.forKey(KEY), Duration.ofMinutes(5), null,
                Clock.fixed(wall, ZoneOffset.UTC), nanos::get, new RecordingDiscoveryListener() {
                    @Override
                    public void proxyFound(org.clusteragent.spi.ProxyAddress proxy) {
                        throw new IllegalStateException("listener bug");
                    }
                }, stats);
        assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, Datagrams.advertise(KEY, wall, 1, S1, "10.0.0.1:6666")));
        assertEquals(AdvertiseOutcome.ACCEPTED, feed(t, Datagrams.advertise(KEY, wall, 2, S1, "10.0.0.1:6666")));
    }
}
