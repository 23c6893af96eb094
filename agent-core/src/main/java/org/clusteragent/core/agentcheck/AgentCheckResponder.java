package org.clusteragent.core.agentcheck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.clusteragent.core.agent.Threads;
import org.jboss.logging.Logger;

/**
 * Answers HAProxy's agent check ({@code server … agent-check agent-port N}): every client that
 * connects is sent one line from the state supplier at once, its output is closed, and it is closed
 * as soon as it closes its side. One daemon thread ({@code clusteragent-agent-check}) does all of
 * it with non-blocking I/O, so no container thread ever waits on a check and a slow check never
 * delays another. Clients that stay connected longer than {@link #IDLE_MILLIS}, or send more than
 * {@link #MAX_INPUT} bytes (HAProxy's {@code agent-send} is one short line), are closed; at most
 * {@link #MAX_CLIENTS} are open at once and further ones are closed on accept. The state supplier
 * must not block: it is called on this thread for every check.
 *
 * <p>It remembers which hosts asked, so a stopping node can wait (boundedly) until every balancer
 * that polls it has been told it is leaving: see {@link #awaitAnswered}. Thread-safe; the thread
 * starts in {@link #open} and is gone after {@link #close()}.
 */
public final class AgentCheckResponder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AgentCheckResponder.class);

    /** Open client connections at most; HAProxy needs one per balancer and server line. */
    static final int MAX_CLIENTS = 64;
    /** How long a client may stay connected after its answer. */
    static final long IDLE_MILLIS = 2_000;
    /** Bytes a client may send (HAProxy's {@code agent-send}) before it counts as misbehaving. */
    static final int MAX_INPUT = 1024;
    private static final long SELECT_MILLIS = 100;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Supplier<AgentCheckState> state;
    private final LongSupplier nanoTime;
    private final CheckPeers peers;
    private final Thread thread;
    private final ByteBuffer discard = ByteBuffer.allocate(MAX_INPUT + 1);
    private volatile boolean closed;
    private int clients;

    /** One connected client: when it must be gone, and what it has sent so far. */
    private static final class Client {
        final long deadline;
        int received;

        Client(long deadline) {
            this.deadline = deadline;
        }
    }

    private AgentCheckResponder(ServerSocketChannel server, Selector selector, Supplier<AgentCheckState> state,
                                LongSupplier nanoTime) {
        this.server = server;
        this.selector = selector;
        this.state = state;
        this.nanoTime = nanoTime;
        this.peers = new CheckPeers(nanoTime);
        this.thread = Threads.named("clusteragent-agent-check").newThread(this::run);
    }

    /**
     * Binds {@code address} and starts answering.
     *
     * @throws IOException when the address cannot be bound (e.g. {@link java.net.BindException}: in use)
     */
    public static AgentCheckResponder open(InetSocketAddress address, Supplier<AgentCheckState> state,
                                           LongSupplier nanoTime) throws IOException {
        Objects.requireNonNull(state, "state");
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, MAX_CLIENTS);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        AgentCheckResponder responder = new AgentCheckResponder(server, selector, state, nanoTime);
        responder.thread.start();
        return responder;
    }

    /** The address actually bound (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("agent-check responder is closed", e);
        }
    }

    /**
     * Waits until every host that asked within {@code recent} before {@code sinceNanos} has been
     * answered {@code word} at or after {@code sinceNanos}, or {@code bound} has passed. Returns at
     * once when no host asked recently (no HAProxy polls this node).
     *
     * @return true when every such host was told in time
     */
    public boolean awaitAnswered(AgentCheckState.Word word, long sinceNanos, Duration recent, Duration bound)
            throws InterruptedException {
        return peers.await(word, sinceNanos, recent.toNanos(), bound.toNanos());
    }

    /** Stops answering and closes every connection; waits (boundedly) for the thread. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                selector.select(SELECT_MILLIS);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        read(key);
                    }
                }
                expireIdle();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.errorf("CLAG2504: the agent-check responder on %s stopped: %s; HAProxy agent checks get no "
                        + "answer until the server restarts", server, e);
            }
        } finally {
            closeAll();
        }
    }

    private void accept() throws IOException {
        SocketChannel client;
        while ((client = server.accept()) != null) {
            if (clients >= MAX_CLIENTS) {
                quietly(client);
                continue;
            }
            try {
                client.configureBlocking(false);
                AgentCheckState now = state.get();
                // recorded before the answer leaves, so whoever reads it is already counted as told
                InetAddress peer = ((InetSocketAddress) client.getRemoteAddress()).getAddress();
                peers.answered(peer, now.word());
                // A one-line answer always fits a fresh socket's send buffer: one write suffices.
                client.write(ByteBuffer.wrap(now.bytes()));
                client.shutdownOutput();
                client.register(selector, SelectionKey.OP_READ,
                        new Client(nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)));
                clients++;
            } catch (IOException | RuntimeException e) {
                quietly(client); // a client that went away before its answer; nothing to report
            }
        }
    }

    private void read(SelectionKey key) {
        SocketChannel client = (SocketChannel) key.channel();
        try {
            Client c = (Client) key.attachment();
            discard.clear();
            int n = client.read(discard);
            if (n < 0 || (c.received += n) > MAX_INPUT) {
                drop(key);
            }
        } catch (IOException e) {
            drop(key);
        }
    }

    private void expireIdle() {
        long now = nanoTime.getAsLong();
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Client c && now - c.deadline > 0) {
                drop(key);
            }
        }
    }

    private void drop(SelectionKey key) {
        key.cancel();
        quietly(key.channel());
        clients--;
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            quietly(key.channel());
        }
        quietly(selector);
        quietly(server);
    }

    private static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort: the peer may be gone already
        }
    }

    @Override
    public String toString() {
        return "AgentCheckResponder[" + server + "]";
    }
}
