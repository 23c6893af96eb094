package org.clusteragent.advertise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.RecordingDiscoveryListener;

/**
 * 100,000 random and mutated datagrams through the parser, the tracker, and the real listener
 * over loopback multicast: nothing may escape, and a valid datagram is still accepted afterwards.
 */
class AdvertiseFuzzTest {

    /** The tracker logs every datagram it drops or proxy it loses; the tests expect that, so it is kept here. */
    private final CapturedLog log = CapturedLog.capture("org.clusteragent", Level.ALL);

    @AfterEach
    void closeLog() {
        log.close();
    }

    static final int COUNT = 100_000;
    static final String KEY = "fuzz";
    static final long SEED = Long.getLong("fuzz.seed", 20261122L);

    final Instant now = Instant.now();
    final Random random = new Random(SEED);
    final byte[][] templates = {
        Datagrams.advertise(KEY, now, 7, "fuzz-server-1", "127.0.0.1:6666"),
        Datagrams.advertise(null, now, 0, "fuzz-server-2", "[::1]:8443", "https"),
        AdvertiseParserTest.UNDERTOW.getBytes(StandardCharsets.US_ASCII),
        AdvertiseParserTest.HTTPD.getBytes(StandardCharsets.US_ASCII),
        Datagrams.goodbye(410, KEY, now, 8, "fuzz-server-1"),
        Datagrams.goodbye(403, KEY, now, 9, "fuzz-server-1"),
    };
    static final String[] NASTY = {"", ":", "\r\n", "\n\n", "\r", "HTTP/1.0 ", "99999999999999999999",
        "-1", "0", "[", "]:", "[::]:0", "0.0.0.0:6666", "\t", "Digest: ", "Sequence: ", "Server: ",
        "X-Manager-Address: ", "%", "Sun, 31 Feb 2026 25:61:61 GMT", "Mon, 1 Jan 0000 00:00:00 +9999",
        "a".repeat(600), "HTTP/1.0 410 Gone\r\n", "HTTP/1.0 200 OK\r\n"};

    byte[] next() {
        int kind = random.nextInt(8);
        byte[] base = templates[random.nextInt(templates.length)];
        switch (kind) {
            case 0: { // pure random bytes
                byte[] b = new byte[random.nextInt(3000)];
                random.nextBytes(b);
                return b;
            }
            case 1: { // random printable text with line breaks
                byte[] b = new byte[random.nextInt(700)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (random.nextInt(10) == 0 ? '\n' : 0x20 + random.nextInt(95));
                }
                return b;
            }
            case 2: { // flip a few bytes
                byte[] b = base.clone();
                for (int i = random.nextInt(4); i >= 0; i--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return b;
            }
            case 3: // truncate
                return Arrays.copyOf(base, random.nextInt(base.length + 1));
            case 4: { // splice a nasty string somewhere
                String s = new String(base, StandardCharsets.ISO_8859_1);
                int at = random.nextInt(s.length() + 1);
                return (s.substring(0, at) + NASTY[random.nextInt(NASTY.length)] + s.substring(at))
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
            case 5: { // replace one header value with a nasty one
                String[] lines = new String(base, StandardCharsets.ISO_8859_1).split("\r\n", -1);
                int i = random.nextInt(lines.length);
                int colon = lines[i].indexOf(':');
                lines[i] = (colon > 0 ? lines[i].substring(0, colon + 2) : "") + NASTY[random.nextInt(NASTY.length)];
                return String.join("\r\n", lines).getBytes(StandardCharsets.ISO_8859_1);
            }
            case 6: { // duplicate, drop or shuffle lines
                String[] lines = new String(base, StandardCharsets.ISO_8859_1).split("\r\n", -1);
                int a = random.nextInt(lines.length);
                int b = random.nextInt(lines.length);
                String t = lines[a];
                lines[a] = lines[b];
                lines[b] = random.nextBoolean() ? t : "";
                return String.join("\r\n", lines).getBytes(StandardCharsets.ISO_8859_1);
            }
            default: { // huge: repeated content
                int times = 1 + random.nextInt(300);
                byte[] b = new byte[Math.min(65000, base.length * times)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = base[i % base.length];
                }
                return b;
            }
        }
    }

    @Test
    @Timeout(120)
    void parserAndTrackerSurviveEverything() {
        AdvertiseStatistics stats = new AdvertiseStatistics();
        AdvertiseTracker tracker = new AdvertiseTracker(AdvertiseDigest.forKey(KEY), Duration.ofMinutes(5),
                null, Clock.fixed(now, ZoneOffset.UTC), System::nanoTime, new RecordingDiscoveryListener(), stats);
        InetAddress source = InetAddress.getLoopbackAddress();
        for (int i = 0; i < COUNT; i++) {
            byte[] d = next();
            try {
                AdvertiseParser.parse(d);
                tracker.onDatagram(d, 0, d.length, source);
            } catch (RuntimeException e) {
                throw new AssertionError("datagram " + i + " (seed " + SEED + ") threw: "
                        + new String(d, StandardCharsets.ISO_8859_1), e);
            }
        }
        assertEquals(COUNT, stats.total());
        assertEquals(0, stats.count(AdvertiseOutcome.INTERNAL_ERROR), stats.toString());
        // every kind of rejection was exercised, so the fuzzer reaches past the first checks
        for (AdvertiseOutcome o : new AdvertiseOutcome[] {AdvertiseOutcome.TOO_LARGE, AdvertiseOutcome.BINARY,
            AdvertiseOutcome.TRUNCATED, AdvertiseOutcome.MALFORMED, AdvertiseOutcome.BAD_DIGEST,
            AdvertiseOutcome.REPLAY}) {
            assertTrue(stats.count(o) > 0, o + " never seen: " + stats);
        }
    }

    @Test
    @Timeout(120)
    void listenerThreadSurvivesEverythingAndStillAcceptsAValidDatagram() throws Exception {
        int port = Multicast.freePort();
        RecordingDiscoveryListener recorder = new RecordingDiscoveryListener();
        AdvertiseDiscovery discovery = new AdvertiseDiscovery(
                Multicast.settings(port, Map.of("advertiseSecurityKey", KEY)));
        discovery.start(recorder);
        try (Multicast sender = new Multicast(port)) {
            AdvertiseStatistics stats = discovery.statistics();
            int sent = 0;
            for (int i = 0; i < COUNT; i++) {
                byte[] d = next();
                if (d.length > 65507) {
                    continue;
                }
                sender.send(d);
                sent++;
                // keep the socket buffer from overflowing, so (nearly) every datagram is read
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (sent - stats.total() > 200 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stats.total() < sent && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(stats.total() >= sent * 0.99, "received " + stats.total() + " of " + sent);
            assertEquals(0, stats.count(AdvertiseOutcome.INTERNAL_ERROR), stats.toString());
            assertTrue(Multicast.advertiseThreadsAlive());

            sender.send(Datagrams.advertise(KEY, Instant.now(), 1, "after-the-storm", "127.0.0.9:7777"));
            String event;
            do {
                event = recorder.events.poll(10, TimeUnit.SECONDS);
                assertNotNull(event, "the valid datagram after the fuzz was not accepted");
            } while (!event.equals("found 127.0.0.9:7777"));
            System.out.println("fuzz over multicast: sent " + sent + ", " + stats);
        } finally {
            discovery.stop();
        }
    }
}
