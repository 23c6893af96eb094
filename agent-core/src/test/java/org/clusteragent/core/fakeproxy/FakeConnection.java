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
    }

    @Override
    public void run() {
        try {
            String peer = handshake();
            HttpRequestReader reader = new HttpRequestReader(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (alive()) {
                socket.setSoTimeout(proxy.keepAliveTimeoutMillis());
                HttpRequestReader.Parsed parsed;
                try {
                    parsed = reader.read();
                } catch (HttpRequestReader.BadRequest e) {
                    write(out, ScriptedReply.status(400, "Bad Request").closing(), true);
                    return;
                }
                if (parsed == null) {
                    return;
                }
                socket.setSoTimeout(0);
                RecordedRequest request = proxy.record(parsed, ordinal, peer);
                ScriptedReply reply = proxy.replyFor(request, this::alive);
                if (reply == null || !alive()) {
                    return;
                }
                boolean close = reply.close() || proxy.closeAfterEachReply() || clientAsksClose(request);
                write(out, reply, close);
                if (close) {
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

    private void write(OutputStream out, ScriptedReply reply, boolean close) throws IOException {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        boolean chunked = reply.chunked() != null ? reply.chunked() : proxy.chunked();
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (chunked) {
            int size = proxy.chunkSize();
            for (int from = 0; from < body.length; from += size) {
                int n = Math.min(size, body.length - from);
                bytes.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                bytes.write(body, from, n);
                bytes.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            bytes.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            bytes.write(body);
        }
        out.write(bytes.toByteArray());
        out.flush();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
