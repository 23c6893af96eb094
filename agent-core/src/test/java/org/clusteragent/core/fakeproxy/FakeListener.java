package org.clusteragent.core.fakeproxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * The sockets of a {@link FakeProxy}: the listening socket with its accept thread, and the accepted
 * connections with theirs. Can stop listening and listen again on the same port; {@link #close()} ends
 * every thread it started, waiting a bounded time for each. Thread-safe.
 */
final class FakeListener {
    static final String HOST = "127.0.0.1";

    private final FakeProxy proxy;
    private final SSLContext sslContext;
    private final boolean needClientAuth;
    private final int receiveBufferSize;
    private final Set<FakeConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private ServerSocket server;
    private int port;
    private boolean closed;

    FakeListener(FakeProxy proxy, SSLContext sslContext, boolean needClientAuth, int receiveBufferSize) {
        this.proxy = proxy;
        this.receiveBufferSize = receiveBufferSize;
        this.sslContext = sslContext;
        this.needClientAuth = needClientAuth;
    }

    synchronized int port() {
        return port;
    }

    synchronized boolean listening() {
        return server != null && !server.isClosed();
    }

    int connectionCount() {
        return connectionCount.get();
    }

    int openConnections() {
        return connections.size();
    }

    /** Binds {@code requestedPort} (0: any free) on 127.0.0.1 and starts the accept thread. */
    synchronized void listen(int requestedPort) throws IOException {
        if (closed) {
            throw new IllegalStateException("fake proxy on port " + port + " is closed");
        }
        ServerSocket socket = sslContext == null ? new ServerSocket()
                : sslContext.getServerSocketFactory().createServerSocket();
        if (socket instanceof SSLServerSocket ssl) {
            ssl.setNeedClientAuth(needClientAuth);
        }
        socket.setReuseAddress(true);
        if (receiveBufferSize > 0) {
            socket.setReceiveBufferSize(receiveBufferSize);
        }
        socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), requestedPort), 50);
        server = socket;
        port = socket.getLocalPort();
        Thread acceptor = new Thread(() -> acceptLoop(socket), "clusteragent-fakeproxy-" + port + "-accept");
        acceptor.setDaemon(true);
        threads.add(acceptor);
        acceptor.start();
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket accepted;
            try {
                accepted = socket.accept();
            } catch (IOException e) {
                return; // closed by stopListening or close
            }
            synchronized (this) {
                if (closed || socket.isClosed()) {
                    closeQuietly(accepted);
                    return;
                }
                int ordinal = connectionCount.incrementAndGet();
                FakeConnection connection = new FakeConnection(proxy, accepted, ordinal, connections::remove);
                connections.add(connection);
                threads.removeIf(t -> !t.isAlive());
                threads.add(connection.start("clusteragent-fakeproxy-" + port + "-conn-" + ordinal));
            }
        }
    }

    /** Closes the listening socket (clients then get "connection refused") and every open connection. */
    synchronized void stopListening() {
        closeServer();
        dropConnections(true);
    }

    /** Drops every open connection; {@code reset} makes peers see a TCP reset rather than a FIN. */
    void dropConnections(boolean reset) {
        for (FakeConnection c : List.copyOf(connections)) {
            c.drop(reset);
        }
    }

    /** Idempotent. Returns once every thread ended or 5 s per thread passed. */
    void close() {
        List<Thread> toJoin;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeServer();
            toJoin = new ArrayList<>(threads);
        }
        dropConnections(false);
        for (Thread t : toJoin) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void closeServer() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
