package org.clusteragent.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Burns CPU for the {@code cpu} endpoint: each accepted call starts {@code threads} daemon threads
 * named {@code clusteragent-demo-cpu-<n>} that spin on arithmetic until {@code seconds} have passed
 * on the injected nanosecond clock, or until {@link #stop()}. The number of spinning threads on the
 * node is capped at {@link Limits#maxCpuThreads()}. Thread-safe.
 */
final class CpuBurner {

    private final LongSupplier nanos;
    private final int cap;
    private final AtomicInteger names = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private int running;
    private volatile boolean stopped;

    CpuBurner(LongSupplier nanos, int cap) {
        this.nanos = nanos;
        this.cap = cap;
    }

    synchronized int running() {
        return running;
    }

    /** Starts {@code count} spinning threads for {@code seconds}; 429 when the node-wide cap would be passed. */
    synchronized int burn(int count, int seconds) {
        if (stopped) {
            throw new BadRequest(503, "cpu: the demo application is stopping");
        }
        if (running + count > cap) {
            throw BadRequest.tooMuch("cpu: threads=" + count + " would make " + (running + count)
                    + " spinning threads on this node; at most " + cap + " (2 x cores) at once, " + running + " running now");
        }
        long deadline = nanos.getAsLong() + seconds * 1_000_000_000L;
        threads.removeIf(t -> !t.isAlive());
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> spin(deadline), "clusteragent-demo-cpu-" + names.incrementAndGet());
            t.setDaemon(true);
            running++;
            threads.add(t);
            t.start();
        }
        return running;
    }

    private void spin(long deadline) {
        try {
            double x = 1.0;
            while (!stopped && nanos.getAsLong() - deadline < 0) {
                for (int i = 0; i < 10_000; i++) {
                    x = Math.sqrt(x * 1.000001 + i);
                }
                if (x < 0) {
                    // never true; keeps the loop from being optimised away
                    Thread.yield();
                }
            }
        } finally {
            synchronized (this) {
                running--;
            }
        }
    }

    /** Ends every spinning thread and refuses new work; waits briefly for them to go. */
    void stop() {
        List<Thread> copy;
        synchronized (this) {
            stopped = true;
            copy = new ArrayList<>(threads);
        }
        for (Thread t : copy) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
