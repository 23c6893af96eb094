package org.clusteragent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LoopbackTest {

    @Test
    void targetParsing() {
        Loopback.Target t = Loopback.Target.parse("http://127.0.0.1:8080/demo/");
        assertEquals(new Loopback.Target("127.0.0.1", 8080, "/demo"), t);
        assertEquals("http://127.0.0.1:8080/demo", t.url());
        assertEquals("http://[::1]:81", new Loopback.Target("::1", 81, "").url());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Loopback.Target.parse("ajp://h:8009/demo"));
        assertTrue(e.getMessage().contains("demo.selfUrl=ajp://h:8009/demo"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loopback.Target.parse("http://h/demo"));
    }

    @Test
    void sendsAPlainGetWithoutCookiesAndReadsTheStatus() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> seen = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    StringBuilder head = new StringBuilder();
                    String line;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        head.append(line).append('\n');
                    }
                    seen.complete(head.toString());
                    s.getOutputStream().write("HTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    seen.completeExceptionally(e);
                }
            }, "clusteragent-test-fake-server");
            t.setDaemon(true);
            t.start();
            Loopback.Target target = new Loopback.Target("127.0.0.1", server.getLocalPort(), "/demo");
            assertEquals(201, Loopback.get(target, "/sessions/one?ttl=5", 10_000));
            String head = seen.get(10, TimeUnit.SECONDS);
            assertTrue(head.startsWith("GET /demo/sessions/one?ttl=5 HTTP/1.1\n"), head);
            assertTrue(head.contains("Host: 127.0.0.1:" + server.getLocalPort() + "\n"), head);
            assertTrue(head.contains("Connection: close\n"), head);
            assertTrue(!head.toLowerCase().contains("cookie"), head);
        }
    }

    @Test
    void notHttpIsAnError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("garbage\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the client may have gone
                }
            }, "clusteragent-test-fake-server");
            t.setDaemon(true);
            t.start();
            Loopback.Target target = new Loopback.Target("127.0.0.1", server.getLocalPort(), "");
            IOException e = assertThrows(IOException.class, () -> Loopback.get(target, "/", 10_000));
            assertTrue(e.getMessage().contains("not an HTTP reply"), e.getMessage());
        }
    }

    @Test
    void submitRunsWhenDoneAndRefusesWhenStopped() throws Exception {
        Loopback loopback = new Loopback();
        Loopback.Target nowhere;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = new Loopback.Target("127.0.0.1", s.getLocalPort(), "");
        }
        assertEquals(503, assertThrows(BadRequest.class, () -> loopback.submit(nowhere, "/", 1000)).status());
        loopback.start();
        try {
            AtomicBoolean done = new AtomicBoolean();
            var f = loopback.submit(nowhere, "/", 2000, () -> done.set(true));
            assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS), "connection refused");
            assertTrue(done.get());
        } finally {
            loopback.stop();
        }
        assertEquals(503, assertThrows(BadRequest.class, () -> loopback.submit(nowhere, "/", 1000)).status());
    }
}
