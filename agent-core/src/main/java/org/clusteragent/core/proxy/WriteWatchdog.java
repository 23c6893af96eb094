package org.clusteragent.core.proxy;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bounds blocking socket writes, which the JDK cannot give a timeout: a write to a proxy that stopped
 * reading returns once the socket buffers have room, which may be never. While a write runs, the
 * watchdog's thread, {@code clusteragent-watchdog-<host>:<port>}, waits for its deadline and closes
 * the socket if the write is still running then, which makes the write fail at once. The thread
 * starts with the first write, ends after {@link #IDLE_MILLIS} without one, and is stopped (and
 * waited for, boundedly) by {@link #close()}; so an idle connection holds none. Thread-safe: writes
 * from several threads (the lane, and a thread closing TLS) are watched independently.
 */
final class WriteWatchdog implements AutoCloseable {

    static final long IDLE_MILLIS = 30_000;

    /** One write being watched; {@link #end()} it when the write returns. */
    final class Watch {
        private final Socket socket;
        private final long deadlineNanos;
        private boolean fired;

        private Watch(Socket socket, long deadlineNanos) {
            this.socket = socket;
            this.deadlineNanos = deadlineNanos;
        }

        /** The write returned (or failed): stop watching it. */
        void end() {
            synchronized (WriteWatchdog.this) {
                active.remove(this);
                lastUseNanos = System.nanoTime();
            }
        }

        /** Whether the watchdog closed the socket because this write outlasted its deadline. */
        boolean fired() {
            synchronized (WriteWatchdog.this) {
                return fired;
            }
        }
    }

    private final String threadName;
    private final List<Watch> active = new ArrayList<>();
    private Thread thread;
    private long lastUseNanos;
    private boolean closed;

    WriteWatchdog(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Starts watching a write that must end by {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @throws IOException when the watchdog was closed (the connection is closing)
     */
    synchronized Watch watch(Socket socket, long deadlineNanos) throws IOException {
        if (closed) {
            throw new IOException("the connection was closed");
        }
        Watch watch = new Watch(socket, deadlineNanos);
        active.add(watch);
        if (thread == null) {
            thread = new Thread(this::run, threadName);
            thread.setDaemon(true);
            thread.start();
        } else {
            notifyAll(); // the new deadline may be the earliest
        }
        return watch;
    }

    private void run() {
        while (true) {
            List<Socket> expired = new ArrayList<>();
            synchronized (this) {
                if (!awaitDue(expired)) {
                    return;
                }
            }
            expired.forEach(WriteWatchdog::closeQuietly); // outside the lock: close() may take a moment
        }
    }

    /** Waits until some write is past its deadline (adding its socket) or a reason to end; false to end. */
    private boolean awaitDue(List<Socket> expired) {
        try {
            while (!closed) {
                long now = System.nanoTime();
                long next = Long.MAX_VALUE;
                boolean any = false;
                for (Watch w : active) {
                    if (w.deadlineNanos - now <= 0) {
                        w.fired = true;
                        expired.add(w.socket);
                    } else if (!any || w.deadlineNanos - next < 0) {
                        next = w.deadlineNanos;
                        any = true;
                    }
                }
                if (!expired.isEmpty()) {
                    active.removeIf(w -> w.fired);
                    return true;
                }
                long waitNanos;
                if (any) {
                    waitNanos = next - now;
                } else {
                    waitNanos = lastUseNanos + TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS) - now;
                    if (waitNanos <= 0) {
                        thread = null; // idle: end; the next write starts a new thread
                        return false;
                    }
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1_000_000, waitNanos));
            }
        } catch (InterruptedException e) {
            // only close() interrupts
        }
        thread = null;
        return false;
    }

    /** Stops the thread and waits (at most a second) for it to end; writes watched later fail. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
            notifyAll();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }
}
