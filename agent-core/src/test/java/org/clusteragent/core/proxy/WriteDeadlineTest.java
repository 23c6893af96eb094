package org.clusteragent.core.proxy;

import static org.clusteragent.core.proxy.ProxyTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.mcmp.McmpEncoder;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.PingRequest;
import org.clusteragent.core.mcmp.RequestTarget;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The request's write is part of the one deadline: a proxy that accepts and then stops reading
 * fills the socket buffers, after which a blocking write would wait for ever. Here the exchange ends
 * at socketTimeout, the lane logs it once and goes on, and another proxy is served meanwhile. MCMP
 * requests are small, so the tests make them large (a 12 MB request, or a 6 MB User-Agent) to
 * overflow the buffers (about 3-4 MB on loopback) without waiting for a full one.
 */
@Timeout(60)
class WriteDeadlineTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final int BIG = 12 * 1024 * 1024;

    private static void assertAtTheDeadline(long millis) {
        assertAtTheDeadline(millis, TIMEOUT);
    }

    private static void assertAtTheDeadline(long millis, Duration timeout) {
        assertTrue(millis >= timeout.toMillis() - 50 && millis < timeout.toMillis() + 2_000,
                "ended after " + millis + " ms; the deadline was " + timeout.toMillis() + " ms");
    }

    private static ProxyConnection connect(int port) {
        return new ProxyConnection(new ProxyAddress("127.0.0.1", port, false),
                ProxySettings.builder().socketTimeout(TIMEOUT).build());
    }

    /** A PING carrying a body of {@code bodyBytes}: far more than the socket buffers take. */
    private static byte[] bigPing(int port, int bodyBytes) {
        byte[] head = ("PING / HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + bodyBytes + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(head, head.length + bodyBytes);
        Arrays.fill(request, head.length, request.length, (byte) 'a');
        return request;
    }

    @Test
    void aProxyThatStopsReadingEndsTheExchangeAtTheDeadline() throws Exception {
        try (FakeProxy deaf = FakeProxy.builder().receiveBufferSize(4096).start();
             FakeProxy healthy = FakeProxy.start();
             ProxyConnection c = connect(deaf.port());
             ProxyConnection other = connect(healthy.port())) {
            deaf.deaf(true);
            byte[] ping = new McmpEncoder("clusteragent-test").encode(PingRequest.bare(),
                    new RequestTarget("127.0.0.1", healthy.port()));
            CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                IOException e = assertThrows(IOException.class, () -> c.exchange(bigPing(deaf.port(), BIG)));
                assertInstanceOf(ExchangeTimeoutException.class, e, "a deadline, not another failure: " + e);
                assertTrue(e.getMessage().contains("stopped reading") || e.getMessage().contains("in time"),
                        e.getMessage());
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            });
            // The other connection is served while the write above is stuck.
            int served = 0;
            long giveUp = System.nanoTime() + TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(3);
            while (!blocked.isDone() && System.nanoTime() - giveUp < 0) {
                long start = System.nanoTime();
                assertEquals(200, other.exchange(ping).status());
                assertTrue(System.nanoTime() - start < TIMEOUT.toNanos(), "the healthy proxy answered late");
                served++;
                Thread.sleep(20);
            }
            assertTrue(blocked.isDone(), "the exchange with the proxy that stopped reading did not end");
            assertAtTheDeadline(blocked.get());
            assertTrue(served >= 1, "the healthy proxy was asked during the stuck write: " + served);
            assertFalse(c.isOpen(), "the stuck connection was closed");
            assertEquals(0, deaf.requests().size(), "the deaf proxy read nothing");

            deaf.deaf(false);
            assertEquals(200, c.exchange(ping).status(), "the next exchange goes on a fresh connection");
            assertEquals(2, deaf.connectionCount());
        }
    }

    @Test
    void aLaneWhoseProxyStopsReadingLogsOnceRecoversAndDelaysNoOtherLane() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        char[] agent = new char[6 * 1024 * 1024];
        Arrays.fill(agent, 'x');
        Duration timeout = Duration.ofSeconds(5); // room for the healthy lane's 6 MB requests on a busy machine
        ProxySettings settings = ProxySettings.builder().socketTimeout(timeout).probeInterval(Duration.ZERO)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(200))
                .userAgent(new String(agent)).build();
        RecordingListener listener = new RecordingListener();
        try (CapturedLog log = CapturedLog.capture();
             RawServer deaf = new RawServer((self, n, in, out) -> {
                 if (n == 1) {
                     release.await(); // the first connection: accepted, never read
                 } else {
                     serve(in, out);
                 }
             });
             RawServer healthy = new RawServer((self, n, in, out) -> serve(in, out));
             ProxyRegistry registry = new ProxyRegistry(settings, listener)) {
            ProxyAddress stuck = new ProxyAddress("127.0.0.1", deaf.port(), false);
            ProxyAddress fine = new ProxyAddress("127.0.0.1", healthy.port(), false);
            registry.add(stuck);
            registry.add(fine);
            long start = System.nanoTime();
            registry.start();
            assertEquals(ResyncReason.ADDED, listener.next(fine, WAIT).reason());
            Map<ProxyAddress, CompletableFuture<McmpReply>> futures =
                    registry.broadcast(new StatusRequest(RecordingListener.ROUTE, 1));
            assertInstanceOf(McmpReply.StatusReply.class, futures.get(fine).get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            long healthyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(listener.failures.isEmpty() && healthyMillis < timeout.toMillis(), "the healthy lane was served "
                    + "while the other is stuck in its first write (CONFIG and STATUS after " + healthyMillis + " ms)");

            RecordingListener.Failure failure = listener.failures.poll(timeout.toMillis() + 3_000, TimeUnit.MILLISECONDS);
            assertTrue(failure != null && failure.proxy().equals(stuck), "the stuck exchange failed: " + failure);
            assertAtTheDeadline(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), timeout);
            assertInstanceOf(ExchangeTimeoutException.class, failure.cause());
            assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> futures.get(stuck).get(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    "the STATUS queued behind the stuck exchange is dropped, not sent later");

            RecordingListener.Resync recovered = listener.next(stuck, WAIT);
            assertEquals(ResyncReason.RECOVERED, recovered.reason(), "the lane went on on a new connection");
            assertInstanceOf(McmpReply.StatusReply.class,
                    registry.send(stuck, new StatusRequest(RecordingListener.ROUTE, 9)).get(WAIT.toMillis(),
                            TimeUnit.MILLISECONDS));
            assertEquals(1, log.withId("CLAG1101").size(), log.toString());
            assertEquals(1, log.atLeast(Level.WARNING).size(), "one line for the stuck write: " + log);
        } finally {
            release.countDown();
        }
    }

    /** Answers MCMP requests of any size: reads each head, skips the body, replies by method. */
    private static void serve(InputStream raw, OutputStream out) throws IOException {
        Bytes in = new Bytes(raw);
        while (true) {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                if (b == '\n') {
                    String l = line.toString().strip();
                    if (l.isEmpty()) {
                        break;
                    }
                    lines.add(l);
                    line.setLength(0);
                } else if (line.length() < 4096) {
                    line.append((char) b); // a huge header (the User-Agent here) is cut: only its name matters
                }
            }
            long length = lines.stream().filter(l -> l.startsWith("Content-Length: "))
                    .mapToLong(l -> Long.parseLong(l.substring(16))).findFirst().orElse(0);
            String text = lines.get(0);
            in.skip(length);
            String method = text.substring(0, text.indexOf(' '));
            String body = switch (method) {
                case "STATUS" -> "Type=STATUS-RSP&JVMRoute=" + RecordingListener.ROUTE + "&State=OK&id=7";
                case "PING" -> "Type=PING-RSP&State=OK&id=7";
                default -> "";
            };
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        }
    }

    /** An unsynchronized buffered reader: fast enough to take a request of megabytes byte by byte. */
    private static final class Bytes {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int pos;
        private int limit;

        Bytes(InputStream in) {
            this.in = in;
        }

        int read() throws IOException {
            if (pos == limit && !fill()) {
                return -1;
            }
            return buffer[pos++] & 0xff;
        }

        void skip(long n) throws IOException {
            while (n > 0) {
                if (pos == limit && !fill()) {
                    throw new IOException("end of stream inside a body");
                }
                int step = (int) Math.min(n, limit - pos);
                pos += step;
                n -= step;
            }
        }

        private boolean fill() throws IOException {
            limit = in.read(buffer);
            pos = 0;
            if (limit < 0) {
                limit = 0;
                return false;
            }
            return true;
        }
    }
}
