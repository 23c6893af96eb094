package org.clusteragent.undertow;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import org.clusteragent.spi.InFlightCount;

/**
 * Counts the requests inside one deployment, from the moment its initial handler chain sees them
 * until the exchange completes (so async requests count until they really end), and puts Undertow's
 * own {@link GracefulShutdownHandler} in front of the deployment for the last step of a stop.
 *
 * <p>Installed as an initial handler chain wrapper: the chain becomes counter → graceful shutdown
 * handler → the servlet chain. Per request it costs two atomic updates and the registration of this
 * one shared completion listener; it allocates nothing of its own. The agent's drain waits on
 * {@link #inFlight()}, told by {@link #count()} when it falls to zero; after the drain,
 * {@link #shutDown} makes the graceful handler answer any straggler with 503 instead of letting it
 * reach a stopping deployment, and waits for what is still running. It does not stop the deployment, nor reject anything before {@code shutDown}. Thread-safe.
 */
final class InFlightCounter implements HandlerWrapper, ExchangeCompletionListener {

    private final InFlightCount inFlight = new InFlightCount();
    private final UndertowEngine engine;
    private volatile GracefulShutdownHandler graceful;

    InFlightCounter(UndertowEngine engine) {
        this.engine = engine;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        GracefulShutdownHandler g = new GracefulShutdownHandler(next);
        graceful = g;
        return exchange -> {
            // Listener first: once it is registered, the count is always given back.
            exchange.addExchangeCompleteListener(this);
            inFlight.increment();
            engine.requestSeen(exchange);
            g.handleRequest(exchange);
        };
    }

    @Override
    public void exchangeEvent(HttpServerExchange exchange, NextListener next) {
        try {
            inFlight.decrement();
            engine.requestDone(exchange.getResponseBytesSent(), exchange.getRequestContentLength());
        } finally {
            next.proceed();
        }
    }

    /** Requests currently inside the deployment; never negative. */
    int inFlight() {
        return inFlight.get();
    }

    /** The count itself, for idle listeners. */
    InFlightCount count() {
        return inFlight;
    }

    /** Lets requests in again, e.g. when a stopped deployment starts once more. */
    void reopen() {
        GracefulShutdownHandler g = graceful;
        if (g != null) {
            g.start();
        }
    }

    /**
     * Answers new requests with 503 from now on and waits for the running ones, at most
     * {@code bound} (empty: no bound).
     *
     * @return true when none is left running
     */
    boolean shutDown(Optional<Duration> bound) {
        GracefulShutdownHandler g = graceful;
        if (g == null) {
            return true;
        }
        g.shutdown();
        try {
            if (bound.isEmpty()) {
                g.awaitShutdown();
                return true;
            }
            return g.awaitShutdown(Math.max(1, TimeUnit.NANOSECONDS.toMillis(bound.get().toNanos())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
