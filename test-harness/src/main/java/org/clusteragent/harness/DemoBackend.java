package org.clusteragent.harness;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

/**
 * A tiny real HTTP backend (plain Undertow, no servlet) standing in for one node's web app: it answers
 * {@code GET <contextPath>} and everything below it with 200 and a body naming the node
 * ({@code node=<name> path=<path>}), {@code OPTIONS} with 200 (balancers ping that way), and
 * anything else with 404. Each answer to the context is held for {@code delay} on a worker thread so
 * that requests really are in flight for a while; the given {@code inFlight} counter is told +1
 * when such a request arrives and -1 when its response is complete, so an agent reading
 * it (e.g. a fake context's request count) drains on real traffic.
 *
 * <p>Binds a free port on the given host. Threads: one XNIO worker named {@code clusteragent-backend-<name>},
 * daemon, ended by {@link #close()}. Counters are thread-safe.
 */
public final class DemoBackend implements AutoCloseable {

    private final String name;
    private final String contextPath;
    private final IntConsumer inFlight;
    private final long delayNanos;
    private final AtomicLong arrived = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final XnioWorker worker;
    private final Undertow server;
    private final int port;

    private DemoBackend(String host, String name, String contextPath, IntConsumer inFlight, Duration delay)
            throws java.io.IOException {
        this.name = Objects.requireNonNull(name, "name");
        this.contextPath = Objects.requireNonNull(contextPath, "contextPath");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
        this.delayNanos = delay.toNanos();
        this.worker = Xnio.getInstance().createWorker(OptionMap.builder()
                .set(Options.WORKER_NAME, "clusteragent-backend-" + name)
                .set(Options.THREAD_DAEMON, true)
                .set(Options.WORKER_IO_THREADS, 1)
                .set(Options.WORKER_TASK_CORE_THREADS, 16)
                .set(Options.WORKER_TASK_MAX_THREADS, 64).getMap());
        this.server = Undertow.builder().setWorker(worker).addHttpListener(0, host).setHandler(this::handle).build();
        try {
            server.start();
        } catch (RuntimeException e) {
            worker.shutdownNow();
            throw e;
        }
        this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Starts a backend on {@code host} (e.g. 127.0.0.1), free port.
     *
     * @param name        the node's name, echoed in every body
     * @param contextPath the context it serves, e.g. {@code /demo}
     * @param inFlight    counter of requests in flight for the context, told +1 and -1 by the backend
     * @param delay       how long each context request is held before it is answered; zero for none
     */
    public static DemoBackend start(String host, String name, String contextPath, IntConsumer inFlight,
                                    Duration delay) throws java.io.IOException {
        return new DemoBackend(host, name, contextPath, inFlight, delay);
    }

    private void handle(HttpServerExchange exchange) throws Exception {
        if (Methods.OPTIONS.equals(exchange.getRequestMethod())) {
            exchange.setStatusCode(200);
            exchange.endExchange();
            return;
        }
        String path = exchange.getRequestPath();
        if (!path.equals(contextPath) && !path.startsWith(contextPath + "/")) {
            exchange.setStatusCode(404);
            exchange.endExchange();
            return;
        }
        if (exchange.isInIoThread()) {
            // Count on arrival, before any waiting, so that a drain sees the request at once.
            arrived.incrementAndGet();
            inFlight.accept(1);
            exchange.addExchangeCompleteListener((ex, next) -> {
                inFlight.accept(-1);
                completed.incrementAndGet();
                next.proceed();
            });
            exchange.dispatch(this::answer);
        }
    }

    private void answer(HttpServerExchange exchange) {
        if (delayNanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(delayNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send("node=" + name + " path=" + exchange.getRequestPath() + "\n",
                StandardCharsets.UTF_8);
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    /** The node name this backend answers with. */
    public String name() {
        return name;
    }

    /** Context requests that have arrived so far. */
    public long arrived() {
        return arrived.get();
    }

    /** Context requests answered completely so far. */
    public long completed() {
        return completed.get();
    }

    /** Stops listening and ends the worker's threads; idempotent. */
    @Override
    public void close() {
        server.stop();
        worker.shutdownNow();
    }
}
