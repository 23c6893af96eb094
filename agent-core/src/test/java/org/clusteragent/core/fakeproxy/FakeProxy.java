package org.clusteragent.core.fakeproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import javax.net.ssl.SSLException;

/**
 * A scriptable MCMP proxy on a real socket, for tests: by default it behaves like httpd's
 * mod_proxy_cluster 2.0 as MCMP.md describes (node, alias and context tables; replies and error messages
 * in httpd's words), it records every request byte for byte, and it can be told to misbehave (hang,
 * delay, fail, answer anything, restart, go away and come back). It shares no code with the agent's
 * encoder or parser, so it is an independent oracle. Binds 127.0.0.1, port 0 unless told otherwise; one
 * daemon thread per connection, named {@code clusteragent-fakeproxy-…}. Thread-safe. {@link #close()} stops
 * every thread and socket, also hung ones, and is idempotent.
 */
public final class FakeProxy implements AutoCloseable {
    private final boolean tls;
    private final FakeListener listener;
    private final ProxyState state;
    private final Faults faults = new Faults();
    private final RequestLog log = new RequestLog();
    private final AtomicInteger tlsFailures = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final Object stateChanged = new Object();
    private volatile boolean chunked;
    private volatile boolean closeAfterEachReply;
    private volatile int keepAliveTimeoutMillis;
    private volatile int chunkSize;
    private volatile boolean closed;

    FakeProxy(FakeProxyBuilder b) {
        this.tls = b.sslContext != null;
        this.listener = new FakeListener(this, b.sslContext, b.needClientAuth, b.receiveBufferSize);
        this.chunked = b.chunked;
        this.closeAfterEachReply = b.closeAfterEachReply;
        this.chunkSize = b.chunkSize;
        keepAliveTimeout(b.keepAliveTimeout);
        this.state = new ProxyState(nextId(0));
    }

    /** A plain-HTTP proxy on a free port with default behaviour. */
    public static FakeProxy start() {
        return builder().start();
    }

    public static FakeProxyBuilder builder() {
        return new FakeProxyBuilder();
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    public String host() {
        return FakeListener.HOST;
    }

    public int port() {
        return listener.port();
    }

    /** {@code 127.0.0.1:port}, the way proxyList and MCMP's Host header spell it. */
    public String address() {
        return host() + ":" + port();
    }

    public boolean tls() {
        return tls;
    }

    /** The proxy's start id as STATUS and PING replies carry it; changes at every {@link #restart()}. */
    public long id() {
        return state.id();
    }

    /**
     * Acts like a proxy process restart: forgets all nodes and contexts, takes a new id and drops every
     * open connection with a TCP reset. Keeps listening, the recorded requests and the scripted faults.
     */
    public void restart() {
        state.reset(nextId(state.id()));
        listener.dropConnections(true);
        faults.wakeAll();
        signalStateChanged();
    }

    /**
     * Acts like httpd's graceful restart ({@code apachectl graceful}, SIGUSR1): forgets all nodes
     * and contexts but keeps its id, so STATUS and PING replies look as before, and keeps open
     * connections. Only a command naming a node ({@code PING JVMRoute=…}, STATUS) reveals it.
     */
    public void gracefulRestart() {
        state.reset(state.id());
        signalStateChanged();
    }

    /** Closes the listening socket and every connection, so clients get "connection refused". */
    public void stopListening() {
        listener.stopListening();
        faults.wakeAll();
    }

    /** Listens again on the same port after {@link #stopListening()}; does nothing when listening. */
    public void resumeListening() {
        synchronized (listener) {
            if (listener.listening()) {
                return;
            }
            try {
                listener.listen(listener.port());
            } catch (IOException e) {
                throw new UncheckedIOException("fake proxy could not listen again on " + address(), e);
            }
        }
    }

    public boolean listening() {
        return listener.listening();
    }

    /** Stops every thread and closes every socket, hung connections included. Idempotent. */
    @Override
    public void close() {
        closed = true;
        faults.wakeAll();
        signalStateChanged();
        listener.close();
    }

    void listen(int requestedPort) throws IOException {
        listener.listen(requestedPort);
    }

    private static long nextId(long previous) {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        return Math.max(previous + 1, micros);
    }

    // ---- reply style -----------------------------------------------------------------------------

    public void chunked(boolean value) {
        chunked = value;
    }

    public void closeAfterEachReply(boolean value) {
        closeAfterEachReply = value;
    }

    public void keepAliveTimeout(Duration timeout) {
        keepAliveTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis()));
    }

    boolean chunked() {
        return chunked;
    }

    boolean closeAfterEachReply() {
        return closeAfterEachReply;
    }

    int keepAliveTimeoutMillis() {
        return keepAliveTimeoutMillis;
    }

    int chunkSize() {
        return chunkSize;
    }

    // ---- recording ----------------------------------------------------

    public List<RecordedRequest> requests() {
        return log.requests();
    }

    /** The oldest request not yet taken, waiting up to {@code timeout}; {@code null} on timeout. */
    public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
        return log.take(timeout);
    }

    /** The first recorded request (taken or not) that matches, waiting for it; {@code null} on timeout. */
    public RecordedRequest awaitRequest(Predicate<RecordedRequest> match, Duration timeout)
            throws InterruptedException {
        return log.await(match, timeout);
    }

    public void clearRequests() {
        log.clear();
    }

    /** How many TCP connections were accepted so far (the highest connection ordinal). */
    public int connectionCount() {
        return listener.connectionCount();
    }

    public int openConnections() {
        return listener.openConnections();
    }

    /** How many TLS handshakes failed (e.g. a client without a certificate under needClientAuth). */
    public int tlsFailures() {
        return tlsFailures.get();
    }

    RecordedRequest record(HttpRequestReader.Parsed p, int ordinal, String peer) {
        RecordedRequest request = new RecordedRequest(sequence.incrementAndGet(), p.method(), p.path(),
                p.version(), p.headers(), p.body(), p.parameters(), p.raw(), System.nanoTime(), ordinal, peer);
        log.add(request);
        return request;
    }

    /** Hang, delay, canned and scripted replies first, then the proxy's own; null when the connection died. */
    ScriptedReply replyFor(RecordedRequest request, BooleanSupplier connectionAlive) throws InterruptedException {
        if (!faults.holdBeforeReply(request.method(), () -> !closed && connectionAlive.getAsBoolean())) {
            return null;
        }
        ScriptedReply reply = faults.override(request);
        if (reply == null) {
            reply = state.handle(request);
        }
        signalStateChanged();
        return reply;
    }

    void tlsFailed(SSLException e) {
        tlsFailures.incrementAndGet();
    }

    // ---- proxy state -----------------------------------------------------------------------------

    public Optional<NodeState> node(String jvmRoute) {
        return state.node(jvmRoute);
    }

    public List<NodeState> nodes() {
        return state.nodes();
    }

    public Optional<ContextStatus> context(String jvmRoute, String contextPath) {
        return state.context(jvmRoute, contextPath);
    }

    /** The body an INFO command would get now. */
    public String info() {
        return state.info();
    }

    /** STOP-APP for this context will report {@code n} requests in flight (default 0). */
    public void setInFlight(String jvmRoute, String contextPath, int n) {
        state.setInFlight(jvmRoute, contextPath, () -> n);
    }

    /** STOP-APP for this context asks {@code count} each time, e.g. to simulate requests draining. */
    public void setInFlight(String jvmRoute, String contextPath, IntSupplier count) {
        state.setInFlight(jvmRoute, contextPath, count);
    }

    /** STATUS and PING for this node answer {@code State=NOTOK} while unhealthy. */
    public void nodeHealthy(String jvmRoute, boolean healthy) {
        state.setHealthy(jvmRoute, healthy);
    }

    /** Waits until the condition holds, re-checking after every request and restart. */
    public boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateChanged) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return condition.getAsBoolean();
                }
                stateChanged.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
            return true;
        }
    }

    /** The node once the proxy knows it; AssertionError naming what it does know on timeout. */
    public NodeState awaitNode(String jvmRoute, Duration timeout) throws InterruptedException {
        if (!await(() -> node(jvmRoute).isPresent(), timeout)) {
            throw new AssertionError("fake proxy " + address() + " got no CONFIG for JVMRoute \"" + jvmRoute
                    + "\" within " + timeout + "; nodes: " + nodes() + "; requests: " + requests());
        }
        return node(jvmRoute).orElseThrow();
    }

    /** The context once it has this status; AssertionError naming the proxy's tables on timeout. */
    public ContextStatus awaitContext(String jvmRoute, String contextPath, ContextStatus.Status status,
                                      Duration timeout) throws InterruptedException {
        if (!await(() -> context(jvmRoute, contextPath).map(c -> c.status() == status).orElse(false), timeout)) {
            throw new AssertionError("fake proxy " + address() + ": context " + contextPath + " of \"" + jvmRoute
                    + "\" not " + status + " within " + timeout + "; it is " + context(jvmRoute, contextPath)
                    + "; INFO:\n" + info() + "requests: " + requests());
        }
        return context(jvmRoute, contextPath).orElseThrow();
    }

    private void signalStateChanged() {
        synchronized (stateChanged) {
            stateChanged.notifyAll();
        }
    }

    // ---- faults ----------------------------------------------------------------------------------

    /** While on, every request is read and recorded but never answered (until off, restart or close). */
    public void hang(boolean on) {
        faults.hang(on);
    }

    /**
     * While on, connections read nothing (after the TLS handshake, if any): a client's request stays in
     * the socket buffers and, once they are full, its writes block, as with a proxy that stopped reading.
     * A small {@link FakeProxyBuilder#receiveBufferSize} makes the buffers fill sooner. Off resumes reading.
     */
    public void deaf(boolean on) {
        faults.deaf(on);
    }

    /** Hang only requests of this method ({@code "*"} for all) until {@code hangOn(method, false)}. */
    public void hangOn(String method) {
        faults.hangOn(method, true);
    }

    public void hangOn(String method, boolean on) {
        faults.hangOn(method, on);
    }

    /** Wait this long before answering each request. */
    public void delay(Duration delay) {
        faults.delay(delay);
    }

    /** The next request of this method ({@code "*"}: any) gets a 500 with these Type and Mess headers. */
    public void failNext(String method, String type, String mess) {
        faults.failNext(method, ScriptedReply.mcmpError(type, mess));
    }

    /** The next request of this method gets exactly this reply. */
    public void failNext(String method, ScriptedReply reply) {
        faults.failNext(method, reply);
    }

    /** Every request of this method gets a 500 with these Type and Mess until {@link #stopFailing}. */
    public void failAlways(String method, String type, String mess) {
        faults.failAlways(method, ScriptedReply.mcmpError(type, mess));
    }

    public void stopFailing(String method) {
        faults.failAlways(method, null);
    }

    /**
     * Requests of this method are answered by {@code script} instead of the proxy (state is not updated);
     * a script returning {@code null} lets the proxy answer. {@code null} removes the script.
     */
    public void reply(String method, Function<RecordedRequest, ScriptedReply> script) {
        faults.script(method, script);
    }

    /**
     * Replies to this method ({@code "*"}: any) go on the wire shaped by {@code fault}: throttled,
     * stalled, cut mid-body, never sent (half-close), after interim replies, or with endless headers.
     * {@code null} removes it. See {@link WireFault}.
     */
    public void wire(String method, WireFault fault) {
        faults.wire(method, fault);
    }

    /** While on, every STATUS and PING reply carries a new id, as a proxy restarting all the time would (tables stay). */
    public void changeIdOnEveryReply(boolean on) {
        state.changeIdOnEveryReply(on);
    }

    /** Removes every hang, delay, canned error, script and wire fault. */
    public void resetFaults() {
        faults.clear();
    }

    Faults faults() {
        return faults;
    }

    @Override
    public String toString() {
        return "FakeProxy[" + (tls() ? "https://" : "http://") + address() + ", id=" + id() + "]";
    }
}
