package org.clusteragent.core.fakeproxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fake proxy's HTTP behaviour, checked with hand-written bytes on raw sockets. */
@Timeout(30)
class FakeProxyHttpTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CONFIG = "JVMRoute=node1&Host=127.0.0.1&Port=8080&Type=http";

    private FakeProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void keepAliveServesTwoRequestsOnOneConnection() throws Exception {
        proxy = FakeProxy.start();
        try (RawHttp client = RawHttp.connect(proxy)) {
            RawHttp.Response config = client.exchange("CONFIG", "/", CONFIG);
            RawHttp.Response status = client.exchange("STATUS", "/", "JVMRoute=node1&Load=80");
            assertEquals(200, config.status());
            assertEquals("Keep-Alive", config.header("Connection"));
            assertEquals("Type=STATUS-RSP&JVMRoute=node1&State=OK&id=" + proxy.id(), status.body());
        }
        List<RecordedRequest> requests = proxy.requests();
        assertEquals(2, requests.size());
        assertEquals(1, requests.get(0).connectionOrdinal());
        assertEquals(1, requests.get(1).connectionOrdinal());
        assertEquals(1, proxy.connectionCount());
        assertTrue(requests.get(0).arrivalNanos() <= requests.get(1).arrivalNanos());
    }

    @Test
    void recordsRawBytesHeadersAndDecodedParametersInOrder() throws Exception {
        proxy = FakeProxy.start();
        String body = "JVMRoute=node1&Alias=localhost%2Cwww.example.com&Context=%2Fmy+app";
        String sent = RawHttp.request("ENABLE-APP", "/proxy/", body);
        try (RawHttp client = RawHttp.connect(proxy)) {
            client.send(sent);
            client.read();
        }
        RecordedRequest r = proxy.takeRequest(WAIT);
        assertEquals("ENABLE-APP", r.method());
        assertEquals("/proxy/", r.path());
        assertEquals("HTTP/1.1", r.version());
        assertEquals(List.of(Map.entry("JVMRoute", "node1"), Map.entry("Alias", "localhost,www.example.com"),
                Map.entry("Context", "/my app")), r.parameters());
        assertEquals("/my app", r.parameter("context"));
        assertEquals("raw-test", r.header("user-agent"));
        assertEquals(body, r.body());
        assertArrayEquals(sent.getBytes(StandardCharsets.UTF_8), r.raw());
        assertEquals(sent, r.rawText());
        assertNull(proxy.takeRequest(Duration.ofMillis(50)));
    }

    @Test
    void acceptsChunkedRequestBody() throws Exception {
        proxy = FakeProxy.start();
        try (RawHttp client = RawHttp.connect(proxy)) {
            client.send("CONFIG / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "8\r\nJVMRoute\r\n6\r\n=node1\r\n0\r\n\r\n");
            assertEquals(200, client.read().status());
        }
        assertEquals("node1", proxy.takeRequest(WAIT).jvmRoute());
        assertTrue(proxy.node("node1").isPresent());
    }

    @Test
    void chunkedRepliesAreFramedInChunks() throws Exception {
        proxy = FakeProxy.builder().chunked(true).chunkSize(10).start();
        try (RawHttp client = RawHttp.connect(proxy)) {
            client.exchange("CONFIG", "/", CONFIG);
            RawHttp.Response ping = client.exchange("PING", "/", "");
            String expected = "Type=PING-RSP&State=OK&id=" + proxy.id();
            assertEquals(expected, ping.body());
            assertEquals("chunked", ping.header("Transfer-Encoding"));
            assertNull(ping.header("Content-Length"));
            StringBuilder framed = new StringBuilder();
            for (int i = 0; i < expected.length(); i += 10) {
                String piece = expected.substring(i, Math.min(expected.length(), i + 10));
                framed.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
            }
            assertTrue(ping.raw().endsWith("\r\n\r\n" + framed + "0\r\n\r\n"), ping.raw());
            assertTrue(ping.raw().contains("\r\n\r\na\r\nType=PING-\r\na\r\nRSP&State=\r\n"), ping.raw());
            RawHttp.Response empty = client.exchange("CONFIG", "/", CONFIG);
            assertTrue(empty.raw().endsWith("\r\n\r\n0\r\n\r\n"), empty.raw());
        }
    }

    @Test
    void fixedLengthRepliesCarryContentLength() throws Exception {
        proxy = FakeProxy.builder().chunked(false).start();
        try (RawHttp client = RawHttp.connect(proxy)) {
            client.exchange("CONFIG", "/", CONFIG);
            RawHttp.Response status = client.exchange("STATUS", "/", "JVMRoute=node1&Load=5");
            assertNull(status.header("Transfer-Encoding"));
            assertEquals(String.valueOf(status.body().length()), status.header("Content-Length"));
            assertTrue(status.raw().endsWith("\r\n\r\n" + status.body()));
            proxy.chunked(true);
            assertEquals("chunked", client.exchange("PING", "/", "").header("Transfer-Encoding"));
        }
    }

    @Test
    void closeModeClosesAfterEveryReply() throws Exception {
        proxy = FakeProxy.builder().closeAfterEachReply(true).start();
        try (RawHttp client = RawHttp.connect(proxy)) {
            RawHttp.Response config = client.exchange("CONFIG", "/", CONFIG);
            assertEquals(200, config.status());
            assertEquals("close", config.header("Connection"));
            assertTrue(client.closedByPeer());
        }
        try (RawHttp client = RawHttp.connect(proxy)) {
            assertEquals(200, client.exchange("STATUS", "/", "JVMRoute=node1&Load=1").status());
        }
        assertEquals(List.of(1, 2), proxy.requests().stream().map(RecordedRequest::connectionOrdinal).toList());
    }

    @Test
    void clientConnectionCloseIsHonoured() throws Exception {
        proxy = FakeProxy.start();
        try (RawHttp client = RawHttp.connect(proxy)) {
            client.send("INFO / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals("close", client.read().header("Connection"));
            assertTrue(client.closedByPeer());
        }
    }

    @Test
    void unknownMethodGets501WithoutMcmpHeaders() throws Exception {
        proxy = FakeProxy.start();
        try (RawHttp client = RawHttp.connect(proxy)) {
            RawHttp.Response r = client.exchange("GET", "/", "");
            assertEquals(501, r.status());
            assertNull(r.header("Type"));
            assertNull(r.header("Mess"));
            assertTrue(r.body().contains("Not Implemented"));
            assertEquals(200, client.exchange("PING", "/", "").status());
        }
    }

    @Test
    void garbageGets400AndClose() throws Exception {
        proxy = FakeProxy.start();
        try (RawHttp client = RawHttp.connect(proxy)) {
            client.send("this is not http\r\n\r\n");
            assertEquals(400, client.read().status());
            assertTrue(client.closedByPeer());
        }
        assertTrue(proxy.requests().isEmpty());
    }

    @Test
    void hangRecordsButNeverAnswersAndCloseStillReturns() throws Exception {
        proxy = FakeProxy.start();
        proxy.hang(true);
        RawHttp client = RawHttp.connect(proxy);
        client.socket.setSoTimeout(300);
        client.send(RawHttp.request("STATUS", "/", "JVMRoute=node1&Load=1"));
        assertEquals("STATUS", proxy.takeRequest(WAIT).method());
        assertThrows(SocketTimeoutException.class, client::read);
        assertTimeoutPreemptively(Duration.ofSeconds(10), proxy::close);
        client.socket.setSoTimeout(10_000);
        assertTrue(client.closedByPeer());
        client.close();
        assertEquals(0, proxy.openConnections());
    }

    @Test
    void hangReleasedAnswersTheWaitingRequest() throws Exception {
        proxy = FakeProxy.start();
        proxy.hangOn("PING");
        try (RawHttp client = RawHttp.connect(proxy); RawHttp other = RawHttp.connect(proxy)) {
            client.send(RawHttp.request("PING", "/", ""));
            proxy.takeRequest(WAIT);
            assertEquals(200, other.exchange("INFO", "/", "").status(), "only PING hangs");
            proxy.hangOn("PING", false);
            assertEquals(200, client.read().status());
        }
    }

    @Test
    void delayHoldsTheReply() throws Exception {
        proxy = FakeProxy.start();
        proxy.delay(Duration.ofMillis(300));
        try (RawHttp client = RawHttp.connect(proxy)) {
            long start = System.nanoTime();
            assertEquals(200, client.exchange("PING", "/", "").status());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
        }
    }

    @Test
    void restartForgetsNodesTakesNewIdAndDropsConnections() throws Exception {
        proxy = FakeProxy.start();
        long firstId = proxy.id();
        try (RawHttp client = RawHttp.connect(proxy)) {
            client.exchange("CONFIG", "/", CONFIG);
            client.exchange("ENABLE-APP", "/", "JVMRoute=node1&Alias=localhost&Context=%2Fdemo");
            proxy.restart();
            assertTrue(client.closedByPeer());
        }
        assertNotEquals(firstId, proxy.id());
        assertTrue(proxy.node("node1").isEmpty());
        assertTrue(proxy.context("node1", "/demo").isEmpty());
        try (RawHttp client = RawHttp.connect(proxy)) {
            RawHttp.Response status = client.exchange("STATUS", "/", "JVMRoute=node1&Load=1");
            assertEquals(500, status.status());
            assertEquals("MEM: Can't read node with \"node1\" JVMRoute", status.header("Mess"));
        }
    }

    @Test
    void stopListeningRefusesConnectionsUntilResumedOnTheSamePort() throws Exception {
        proxy = FakeProxy.start();
        int port = proxy.port();
        RawHttp open = RawHttp.connect(proxy);
        proxy.stopListening();
        assertTrue(open.closedByPeer());
        open.close();
        assertThrows(ConnectException.class, () -> {
            try (Socket s = clientNotOn(port)) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            }
        });
        proxy.resumeListening();
        assertEquals(port, proxy.port());
        try (RawHttp client = RawHttp.connect(proxy)) {
            assertEquals(200, client.exchange("PING", "/", "").status());
        }
    }

    /**
     * An unconnected client socket bound to any local port but {@code port}: one whose ephemeral
     * port equals the closed port would connect to itself (TCP simultaneous open on loopback).
     */
    private static Socket clientNotOn(int port) throws java.io.IOException {
        while (true) {
            Socket s = new Socket();
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            if (s.getLocalPort() != port) {
                return s;
            }
            s.close();
        }
    }

    @Test
    void keepAliveTimeoutClosesIdleConnections() throws Exception {
        proxy = FakeProxy.builder().keepAliveTimeout(Duration.ofMillis(200)).start();
        try (RawHttp client = RawHttp.connect(proxy)) {
            assertEquals(200, client.exchange("PING", "/", "").status());
            assertTrue(client.closedByPeer());
        }
    }

    @Test
    void awaitRequestFindsAMatchArrivingLater() throws Exception {
        proxy = FakeProxy.start();
        Thread sender = new Thread(() -> {
            try (RawHttp client = RawHttp.connect(proxy)) {
                client.exchange("PING", "/", "");
                client.exchange("INFO", "/", "");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        sender.start();
        RecordedRequest info = proxy.awaitRequest(r -> r.method().equals("INFO"), WAIT);
        assertEquals(2, info.sequence());
        assertNull(proxy.awaitRequest(r -> r.method().equals("DUMP"), Duration.ofMillis(100)));
        sender.join();
        proxy.clearRequests();
        assertTrue(proxy.requests().isEmpty());
    }
}
