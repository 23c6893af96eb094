package org.clusteragent.core.fakeproxy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * One accepted connection of a {@link FakeProxy}, served by its own daemon thread: reads a request, lets
 * the proxy decide the reply, writes it, and loops while the connection stays open. {@link #drop} closes it
 * from outside (restart, stop, close), optionally with a TCP reset.
 */
final class FakeConnection implements Runnable {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final FakeProxy proxy;
    private final Socket socket;
    private final int ordinal;
    private final java.util.function.Consumer<FakeConnection> onEnd;
    private volatile boolean dropped;
    private volatile Thread thread;

    FakeConnection(FakeProxy proxy, Socket socket, int ordinal, java.util.function.Consumer<FakeConnection> onEnd) {
        this.proxy = proxy;
        this.socket = socket;
        this.ordinal = ordinal;
        this.onEnd = onEnd;
    }

    int ordinal() {
        return ordinal;
    }

    Thread start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        t.start();
        return t;
    }

    Thread thread() {
        return thread;
    }

    boolean alive() {
        return !dropped && !socket.isClosed();
    }

    /** Closes the socket; with {@code reset}, SO_LINGER 0 makes the peer see a reset as after a crash. */
    void drop(boolean reset) {
        dropped = true;
        try {
            if (reset) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly();
        proxy.faults().wakeAll(); // a connection paused by a fault notices at once that it is gone
    }

    @Override
    public void run() {
        try {
            String peer = handshake();
            HttpRequestReader reader = new HttpRequestReader(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (alive()) {
                if (!proxy.faults().holdWhileDeaf(this::alive)) {
                    return;
                }
                socket.setSoTimeout(proxy.keepAliveTimeoutMillis());
                HttpRequestReader.Parsed parsed;
                try {
                    parsed = reader.read();
                } catch (HttpRequestReader.BadRequest e) {
                    write(out, ScriptedReply.status(400, "Bad Request").closing(), true, null);
                    return;
                }
                if (parsed == null) {
                    return;
                }
                socket.setSoTimeout(0);
                RecordedRequest request = proxy.record(parsed, ordinal, peer);
                WireFault fault = proxy.faults().wireFor(request.method());
                if (fault instanceof WireFault.HalfCloseAfterRequest) {
                    halfClose();
                    return;
                }
                ScriptedReply reply = proxy.replyFor(request, this::alive);
                if (reply == null || !alive()) {
                    return;
                }
                boolean close = reply.close() || proxy.closeAfterEachReply() || clientAsksClose(request);
                if (!write(out, reply, close, fault) || close) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            // idle longer than the keep-alive timeout: close, as httpd does
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // peer went away or we dropped the connection: nothing to answer
        } finally {
            closeQuietly();
            onEnd.accept(this);
        }
    }

    private String handshake() throws IOException {
        if (!(socket instanceof SSLSocket ssl)) {
            return null;
        }
        try {
            ssl.startHandshake();
        } catch (SSLException e) {
            proxy.tlsFailed(e);
            throw e;
        }
        try {
            return ssl.getSession().getPeerPrincipal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static boolean clientAsksClose(RecordedRequest request) {
        String connection = request.header("Connection");
        if ("HTTP/1.0".equals(request.version())) {
            return connection == null || !connection.equalsIgnoreCase("keep-alive");
        }
        return connection != null && connection.equalsIgnoreCase("close");
    }

    /** Shuts our output and waits (while alive) for the client to close its side. */
    private void halfClose() throws IOException {
        socket.shutdownOutput();
        java.io.InputStream in = socket.getInputStream();
        while (alive() && in.read() >= 0) {
            // discard whatever the client still sends
        }
    }

    /**
     * Writes the reply, shaped by the wire fault; false when the connection must end (the fault cut
     * it, or the connection died during a pause).
     */
    private boolean write(OutputStream out, ScriptedReply reply, boolean close, WireFault fault)
            throws IOException, InterruptedException {
        byte[] head = head(reply, close);
        byte[] body = body(reply);
        Faults faults = proxy.faults();
        if (fault instanceof WireFault.Throttle t) {
            byte[] all = concat(head, body);
            for (int from = 0; from < all.length; from += t.bytes()) {
                if (!faults.pause(t.period().toNanos(), this::alive)) {
                    return false;
                }
                out.write(all, from, Math.min(t.bytes(), all.length - from));
                out.flush();
            }
            return true;
        }
        if (fault instanceof WireFault.Stall stall && !faults.pause(stall.duration().toNanos(), this::alive)) {
            return false;
        }
        if (fault instanceof WireFault.DisconnectMidBody) {
            out.write(head);
            out.write(body, 0, Math.max(1, body.length / 2));
            out.flush();
            return false;
        }
        if (fault instanceof WireFault.Interim interim) {
            for (int i = 0; i < interim.count(); i++) {
                if (!faults.pause(interim.gap().toNanos(), this::alive)) {
                    return false;
                }
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        }
        if (fault instanceof WireFault.EndlessHeaders endless) {
            out.write(("HTTP/1.1 " + reply.status() + " " + reply.reason() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            for (long n = 1; faults.pause(endless.gap().toNanos(), this::alive); n++) {
                out.write(("X-Filler-" + n + ": more\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            return false;
        }
        out.write(concat(head, body));
        out.flush();
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private byte[] head(ScriptedReply reply, boolean close) {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        boolean chunked = chunked(reply);
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ").append(reply.status()).append(' ').append(reply.reason()).append("\r\n");
        head.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        head.append("Server: Apache/2.4 (fakeproxy) mod_proxy_cluster/2.0\r\n");
        for (Map.Entry<String, String> h : reply.headers()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        } else {
            head.append("Keep-Alive: timeout=5, max=100\r\nConnection: Keep-Alive\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private boolean chunked(ScriptedReply reply) {
        return reply.chunked() != null ? reply.chunked() : proxy.chunked();
    }

    /** The body as framed on the wire: chunks, or the bytes for Content-Length. */
    private byte[] body(ScriptedReply reply) {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (chunked(reply)) {
            int size = proxy.chunkSize();
            for (int from = 0; from < body.length; from += size) {
                int n = Math.min(size, body.length - from);
                bytes.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                bytes.write(body, from, n);
                bytes.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            bytes.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            bytes.writeBytes(body);
        }
        return bytes.toByteArray();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
