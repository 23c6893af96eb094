package org.clusteragent.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain HTTP/1.1 GETs from the application to its own connector, used to make real sessions and
 * to occupy real request threads. A raw socket with {@code Connection: close} is used on purpose:
 * no cookie handler of the JVM can join the requests into one session, and no client library
 * leaves threads behind. Calls run on daemon threads {@code clusteragent-demo-loopback-<n>}
 * (at most {@link #POOL} at once, the rest queue), started by {@link #start()} and ended by
 * {@link #stop()}. Thread-safe.
 */
final class Loopback {

    /** Where the application can reach itself: host, port and context path of an HTTP connector. */
    record Target(String host, int port, String contextPath) {

        /** Parses {@code http://host:port/context}; names the setting in the error. */
        static Target parse(String url) {
            URI uri;
            try {
                uri = URI.create(url.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("demo.selfUrl=" + url + " is not a URI; use http://host:port/context", e);
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
                throw new IllegalArgumentException("demo.selfUrl=" + url + " must be http://host:port/context (plain HTTP, explicit port)");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return new Target(uri.getHost(), uri.getPort(), path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        }

        String url() {
            String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
            return "http://" + h + ":" + port + contextPath;
        }
    }

    static final int POOL = 256;

    private final AtomicInteger names = new AtomicInteger();
    private ThreadPoolExecutor executor;

    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = new ThreadPoolExecutor(POOL, POOL, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "clusteragent-demo-loopback-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Runs {@link #get} on a loopback thread. */
    Future<Integer> submit(Target target, String pathAndQuery, int timeoutMillis) {
        return submit(target, pathAndQuery, timeoutMillis, () -> { });
    }

    /** Runs {@link #get} on a loopback thread, then {@code whenDone} however the call ended. */
    Future<Integer> submit(Target target, String pathAndQuery, int timeoutMillis, Runnable whenDone) {
        ThreadPoolExecutor e;
        synchronized (this) {
            e = executor;
        }
        if (e == null) {
            throw new BadRequest(503, "the demo application is not started or is stopping");
        }
        return e.submit(() -> {
            try {
                return get(target, pathAndQuery, timeoutMillis);
            } finally {
                whenDone.run();
            }
        });
    }

    /** GETs {@code contextPath + pathAndQuery} and returns the status code, after reading the whole reply. */
    static int get(Target target, String pathAndQuery, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.host(), target.port()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            String hostHeader = target.url().substring("http://".length(), target.url().length() - target.contextPath().length());
            String request = "GET " + target.contextPath() + pathAndQuery + " HTTP/1.1\r\nHost: " + hostHeader
                    + "\r\nConnection: close\r\nUser-Agent: clusteragent-demo-loopback\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                statusLine.append((char) b);
            }
            // Drain to the end so the server finishes the exchange before we close.
            byte[] sink = new byte[8192];
            while (in.read(sink) != -1) {
                // discard
            }
            String[] parts = statusLine.toString().trim().split(" ");
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP reply from " + target.url() + ": " + statusLine);
            }
            try {
                return Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad status line from " + target.url() + ": " + statusLine, e);
            }
        }
    }
}
