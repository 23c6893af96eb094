package org.clusteragent.core.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.clusteragent.core.mcmp.McmpEncoder;
import org.clusteragent.core.mcmp.PingRequest;
import org.clusteragent.core.mcmp.RawReply;
import org.clusteragent.core.mcmp.RequestTarget;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.spi.ProxyAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ProxyConnectionTest {

    private static final McmpEncoder ENCODER = new McmpEncoder("clusteragent-test");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static ProxySettings settings(Duration timeout) {
        return ProxySettings.builder().socketTimeout(timeout).build();
    }

    /** A connection to a plain-HTTP server on 127.0.0.1:port with this socket timeout; opens lazily. */
    private static ProxyConnection connect(int port, Duration timeout) {
        return new ProxyConnection(new ProxyAddress("127.0.0.1", port, false), settings(timeout));
    }

    private static byte[] ping(int port) {
        return ENCODER.encode(PingRequest.bare(), new RequestTarget("127.0.0.1", port));
    }

    private static String text(RawReply reply) {
        return new String(reply.body(), StandardCharsets.UTF_8);
    }

    @Test
    void keepAliveReusesOneConnectionForFixedLengthReplies() throws Exception {
        try (FakeProxy proxy = FakeProxy.start();
             ProxyConnection c = connect(proxy.port(), WAIT)) {
            proxy.chunked(false);
            RawReply first = c.exchange(ping(proxy.port()));
            // STATUS for a node the proxy does not know: a 500 error reply, which keeps or closes per its headers
            RawReply second = c.exchange(ENCODER.encode(new StatusRequest("n1", 50),
                    new RequestTarget(proxy.host(), proxy.port())));
            RawReply third = c.exchange(ping(proxy.port()));
            assertEquals(200, first.status());
            assertTrue(first.header("Content-Length").isPresent(), "fixed-length reply expected: " + first.headers());
            assertTrue(text(first).contains("PING-RSP"), text(first));
            assertEquals(500, second.status(), text(second));
            assertEquals("MEM", second.header("Type").orElse(""));
            assertEquals(200, third.status());
            RecordedRequest r1 = proxy.takeRequest(WAIT);
            RecordedRequest r2 = proxy.takeRequest(WAIT);
            assertEquals(r1.connectionOrdinal(), r2.connectionOrdinal(), "both requests must share one connection");
            boolean closed = second.header("Connection").orElse("").equalsIgnoreCase("close");
            assertEquals(closed ? 2 : 1, c.connectionsOpened(), "a reconnect only after Connection: close");
        }
    }

    @Test
    void reconnectsAfterConnectionClose() throws Exception {
        try (FakeProxy proxy = FakeProxy.start();
             ProxyConnection c = connect(proxy.port(), WAIT)) {
            proxy.closeAfterEachReply(true);
            assertEquals(200, c.exchange(ping(proxy.port())).status());
            assertFalse(c.isOpen(), "Connection: close must close our side too");
            assertEquals(200, c.exchange(ping(proxy.port())).status());
            RecordedRequest r1 = proxy.takeRequest(WAIT);
            RecordedRequest r2 = proxy.takeRequest(WAIT);
            assertEquals(r1.connectionOrdinal() + 1, r2.connectionOrdinal());
            assertEquals(2, c.connectionsOpened());
        }
    }

    @Test
    void readsChunkedReplies() throws Exception {
        try (FakeProxy proxy = FakeProxy.start();
             ProxyConnection c = connect(proxy.port(), WAIT)) {
            proxy.chunked(true);
            RawReply reply = c.exchange(ping(proxy.port()));
            assertEquals("chunked", reply.header("Transfer-Encoding").orElse("").toLowerCase());
            assertTrue(text(reply).startsWith("Type=PING-RSP"), text(reply));
            assertEquals(200, c.exchange(ping(proxy.port())).status(), "the connection stays usable after a chunked body");
            assertEquals(1, c.connectionsOpened());
        }
    }

    @Test
    void framingByteByByte() throws Exception {
        // 100-continue skipped, chunk extensions and trailers, then a body that runs to the close.
        try (RawServer server = new RawServer((self, n, in, out) -> {
            while (self.readRequest(in) != null) {
                if (self.requests() == 1) {
                    RawServer.write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5;ext=1\r\nType=\r\n7\r\nPING-RS\r\n1\r\nP\r\n0\r\nX-Trailer: t\r\n\r\n");
                } else {
                    RawServer.write(out, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end");
                    return;
                }
            }
        });
             ProxyConnection c = connect(server.port(), WAIT)) {
            RawReply chunked = c.exchange(ping(server.port()));
            assertEquals(200, chunked.status());
            assertEquals("Type=PING-RSP", text(chunked));
            RawReply toClose = c.exchange(ping(server.port()));
            assertArrayEquals("to the end".getBytes(StandardCharsets.US_ASCII), toClose.body());
            assertFalse(c.isOpen(), "a body framed by close leaves no reusable connection");
            assertEquals(1, c.connectionsOpened());
        }
    }

    @Test
    void rejectsOversizedReply() throws Exception {
        try (RawServer server = new RawServer((self, n, in, out) -> {
            in.read();
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + (ProxyConnection.MAX_REPLY_BYTES + 1) + "\r\n\r\n");
            Thread.sleep(5_000);
        });
             ProxyConnection c = connect(server.port(), WAIT)) {
            IOException e = assertThrows(ProtocolException.class, () -> c.exchange(ping(server.port())));
            assertTrue(e.getMessage().contains("Content-Length"), e.getMessage());
            assertFalse(c.isOpen());
        }
    }

    @Test
    void readTimeoutAgainstHungProxy() throws Exception {
        try (FakeProxy proxy = FakeProxy.start();
             ProxyConnection c = connect(proxy.port(), Duration.ofMillis(300))) {
            proxy.hang(true);
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> c.exchange(ping(proxy.port())));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 250 && millis < 3_000, "timed out after " + millis + " ms, socketTimeout was 300 ms");
            assertEquals(1, proxy.requests().size(), "a timed-out request is never retried");
        }
    }

    @Test
    void retriesOnceWhenTheProxyClosedAnIdleConnection() throws Exception {
        // Connection 1 answers one request, then closes without a word; connection 2 answers normally.
        try (RawServer server = new RawServer((self, n, in, out) -> {
            while (self.readRequest(in) != null) {
                RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 22\r\n\r\nType=PING-RSP&State=OK");
                if (n == 1) {
                    return;
                }
            }
        });
             ProxyConnection c = connect(server.port(), WAIT)) {
            assertEquals(200, c.exchange(ping(server.port())).status());
            Thread.sleep(100); // let the server's close reach us, as an idle keep-alive timeout would
            assertEquals(200, c.exchange(ping(server.port())).status());
            assertEquals(2, c.connectionsOpened());
            assertEquals(2, server.requests(), "the stale connection never delivered the request");
        }
    }

    @Test
    void noRetryOnAFreshConnection() throws Exception {
        CountDownLatch accepted = new CountDownLatch(1);
        try (RawServer server = new RawServer((self, n, in, out) -> {
            accepted.countDown();
            in.read(); // take the first byte, then slam the door
        });
             ProxyConnection c = connect(server.port(), WAIT)) {
            assertThrows(IOException.class, () -> c.exchange(ping(server.port())));
            assertTrue(accepted.await(5, TimeUnit.SECONDS));
            assertEquals(1, c.connectionsOpened());
            assertEquals(1, server.connections());
        }
    }

    @Test
    void connectionRefusedIsAnIOException() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        try (ProxyConnection c = connect(port, WAIT)) {
            assertThrows(java.net.ConnectException.class, () -> c.exchange(ping(port)));
        }
    }
}
