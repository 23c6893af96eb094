package org.clusteragent.spi;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A count of requests in flight that tells its listeners when it falls to zero, for adapters that
 * implement {@link Context#activeRequests()} and {@link Context#addIdleListener}: the agent's drain
 * waits on it instead of reading the count again and again. {@link #increment()} and
 * {@link #decrement()} are one atomic update each and allocate nothing; the decrement that reaches
 * zero also runs every listener, on the calling thread (a container's request thread), so listeners
 * must be quick and must not block. A listener added while the count is already zero is not run:
 * the caller reads {@link #get()} after adding it. Thread-safe.
 */
public final class InFlightCount {

    private final AtomicLong count = new AtomicLong();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void increment() {
        count.incrementAndGet();
    }

    public void decrement() {
        if (count.decrementAndGet() == 0 && !listeners.isEmpty()) {
            for (Runnable listener : listeners) {
                listener.run();
            }
        }
    }

    /** Requests in flight now; never negative, at most {@link Integer#MAX_VALUE}. */
    public int get() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, count.get()));
    }

    /** Runs {@code listener} each time the count falls to zero, until it is removed. */
    public void addIdleListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeIdleListener(Runnable listener) {
        listeners.remove(listener);
    }
}
