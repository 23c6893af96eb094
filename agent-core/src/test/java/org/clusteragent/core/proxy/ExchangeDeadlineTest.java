package org.clusteragent.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.WireFault;
import org.clusteragent.core.mcmp.McmpEncoder;
import org.clusteragent.core.mcmp.PingRequest;
import org.clusteragent.core.mcmp.RequestTarget;
import org.clusteragent.spi.ProxyAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One deadline per exchange: however a proxy spreads its bytes (trickle, interim replies, endless
 * headers, a slow TLS handshake, a DNS lookup that hangs), the exchange ends within socketTimeout,
 * and replies that are not HTTP are refused. Real sockets: the fake proxy's wire faults and raw servers.
 */
@Timeout(30)
class ExchangeDeadlineTest {

    private static final McmpEncoder ENCODER = new McmpEncoder("clusteragent-test");
    private static final Duration TIMEOUT = Duration.ofMillis(600);

    private static ProxyConnection connect(int port, boolean secure) {
        return new ProxyConnection(new ProxyAddress("127.0.0.1", port, secure),
                ProxySettings.builder().socketTimeout(TIMEOUT).verifyHostname(false).build());
    }

    private static byte[] ping(int port) {
        return ENCODER.encode(PingRequest.bare(), new RequestTarget("127.0.0.1", port));
    }

    /** Runs the exchange, expecting it to fail with {@code type}; returns how long it took in ms. */
    private static long failsWithin(Class<? extends IOException> type, ProxyConnection c, int port) {
        long start = System.nanoTime();
        IOException e = assertThrows(type, () -> c.exchange(ping(port)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertFalse(c.isOpen(), "a failed exchange leaves no connection: " + e);
        return millis;
    }

    private static void assertAtTheDeadline(long millis) {
        // Never before the deadline, and not much after it (generous for a loaded machine).
        assertTrue(millis >= TIMEOUT.toMillis() - 50 && millis < TIMEOUT.toMillis() + 2_000,
                "ended after " + millis + " ms; the deadline was " + TIMEOUT.toMillis() + " ms");
    }

    @Test
    void aTrickledReplyEndsAtTheDeadlineNotAtEachRead() throws Exception {
        // One byte every 40 ms: each read returns well within socketTimeout, the whole reply would take ~10 s.
        try (FakeProxy proxy = FakeProxy.start(); ProxyConnection c = connect(proxy.port(), false)) {
            proxy.wire("PING", WireFault.throttle(1, Duration.ofMillis(40)));
            assertAtTheDeadline(failsWithin(ExchangeTimeoutException.class, c, proxy.port()));
        }
    }

    @Test
    void endlessHeadersEndAtTheDeadline() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); ProxyConnection c = connect(proxy.port(), false)) {
            proxy.wire("PING", WireFault.endlessHeaders(Duration.ofMillis(20)));
            assertAtTheDeadline(failsWithin(ExchangeTimeoutException.class, c, proxy.port()));
        }
    }

    @Test
    void aStallLongerThanTheTimeoutEndsAtTheDeadline() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); ProxyConnection c = connect(proxy.port(), false)) {
            proxy.wire("PING", WireFault.stall(Duration.ofSeconds(20)));
            assertAtTheDeadline(failsWithin(ExchangeTimeoutException.class, c, proxy.port()));
            assertEquals(1, proxy.requests().size(), "a timed-out request is not retried");
        }
    }

    @Test
    void slowInterimRepliesEndAtTheDeadline() throws Exception {
        // Three interim replies are allowed, but 400 ms apart they outlast the 600 ms deadline.
        try (FakeProxy proxy = FakeProxy.start(); ProxyConnection c = connect(proxy.port(), false)) {
            proxy.wire("PING", WireFault.interim(3, Duration.ofMillis(400)));
            assertAtTheDeadline(failsWithin(ExchangeTimeoutException.class, c, proxy.port()));
        }
    }

    @Test
    void moreThanFiveInterimRepliesAreRefused() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); ProxyConnection c = connect(proxy.port(), false)) {
            proxy.wire("PING", WireFault.interim(40, Duration.ZERO));
            long start = System.nanoTime();
            ProtocolException e = assertThrows(ProtocolException.class, () -> c.exchange(ping(proxy.port())));
            assertTrue(e.getMessage().contains("interim"), e.getMessage());
            assertTrue(System.nanoTime() - start < TIMEOUT.toNanos(), "refused at once, not at the deadline");

            proxy.wire("PING", WireFault.interim(5, Duration.ZERO));
            assertEquals(200, c.exchange(ping(proxy.port())).status(), "five interim replies are still accepted");
        }
    }

    @Test
    void aDisconnectMidBodyFailsWithoutARetry() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); ProxyConnection c = connect(proxy.port(), false)) {
            assertEquals(200, c.exchange(ping(proxy.port())).status()); // so the next exchange reuses the connection
            proxy.wire("PING", WireFault.disconnectMidBody());
            failsWithin(EOFException.class, c, proxy.port());
            assertEquals(2, proxy.requests().size(), "part of a reply arrived, so the request is not sent again");
        }
    }

    @Test
    void aHalfCloseAfterTheRequestIsNoReply() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); ProxyConnection c = connect(proxy.port(), false)) {
            proxy.wire("PING", WireFault.halfCloseAfterRequest());
            long millis = failsWithin(HttpReplyReader.NoReplyException.class, c, proxy.port());
            assertTrue(millis < TIMEOUT.toMillis(), "end of stream is seen at once, took " + millis + " ms");
            proxy.wire("PING", null);
            assertEquals(200, c.exchange(ping(proxy.port())).status());
        }
    }

    @Test
    void statusCodesOutsideTheHttpRangeAreRefused() throws Exception {
        for (String line : new String[] {"HTTP/1.1 600 Beyond", "HTTP/1.1 099 Below", "HTTP/1.1 +20 Signed",
                "HTTP/1.1 1000 Long", "HTTP/1.1 101 Switching Protocols"}) {
            try (RawServer server = new RawServer((self, n, in, out) -> {
                self.readRequest(in);
                RawServer.write(out, line + "\r\nContent-Length: 0\r\n\r\n");
                in.read();
            });
                 ProxyConnection c = connect(server.port(), false)) {
                ProtocolException e = assertThrows(ProtocolException.class, () -> c.exchange(ping(server.port())),
                        line);
                assertTrue(e.getMessage().contains(line.substring(9, 12)), e.getMessage());
            }
        }
    }

    @Test
    void aTrickledTlsHandshakeEndsAtTheDeadline() throws Exception {
        // A TLS record header announcing 16 KB of handshake, then one byte every 40 ms.
        try (RawServer server = new RawServer((self, n, in, out) -> {
            out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
            out.flush();
            for (int i = 0; i < 16_384; i++) {
                Thread.sleep(40);
                out.write(0x02);
                out.flush();
            }
        });
             ProxyConnection c = connect(server.port(), true)) {
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> c.exchange(ping(server.port())));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertAtTheDeadline(millis);
            assertTrue(isTimeout(e), "a deadline, not another TLS error: " + e);
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ExchangeTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aHungDnsLookupEndsAtTheDeadlineAndIsNotStackedUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BoundedResolver.Lookup hanging = host -> {
            while (true) { // like getaddrinfo: deaf to interrupts
                try {
                    release.await();
                    return InetAddress.getLoopbackAddress();
                } catch (InterruptedException ignored) {
                    // keep waiting
                }
            }
        };
        try (BoundedResolver resolver = new BoundedResolver("proxy.example", 6666, hanging)) {
            long start = System.nanoTime();
            assertThrows(ExchangeTimeoutException.class,
                    () -> resolver.resolve(start + TIMEOUT.toNanos(), "test"));
            assertAtTheDeadline(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

            long again = System.nanoTime();
            ExchangeTimeoutException busy = assertThrows(ExchangeTimeoutException.class,
                    () -> resolver.resolve(again + TIMEOUT.toNanos(), "test"));
            assertTrue(busy.getMessage().contains("still running"), busy.getMessage());
            assertTrue(System.nanoTime() - again < TIMEOUT.toNanos(), "a second lookup is refused at once");
            release.countDown();
        }
        assertTrue(BoundedResolver.isLiteral("10.0.0.1") && BoundedResolver.isLiteral("::1"));
        assertFalse(BoundedResolver.isLiteral("proxy1"));
    }

    @Test
    void aHostNameStillConnects() throws Exception {
        try (FakeProxy proxy = FakeProxy.start();
             ProxyConnection c = new ProxyConnection(new ProxyAddress("localhost", proxy.port(), false),
                     ProxySettings.builder().socketTimeout(Duration.ofSeconds(5)).build())) {
            assertEquals(200, c.exchange(ping(proxy.port())).status());
        }
    }

    @SuppressWarnings("unused")
    private static void unused(InputStream in, OutputStream out) {
    }
}
