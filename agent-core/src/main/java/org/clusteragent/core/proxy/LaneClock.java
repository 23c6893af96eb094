package org.clusteragent.core.proxy;

/**
 * Where the proxy lanes take their time from: probe intervals, retry backoff and resync pacing are
 * measured with {@link #nanoTime()}, so tests drive them with a manual clock instead of sleeping. A
 * clock whose time jumps (a test clock) tells waiting lanes through {@link #onAdvance}. Socket
 * deadlines and reply latencies stay in real time: they are about the network. Implementations
 * must be thread-safe.
 */
@FunctionalInterface
public interface LaneClock {

    /** Monotonic time in nanoseconds (only differences are meaningful). */
    long nanoTime();

    /** Registers a callback to run whenever the time moves by other means than passing; the system clock never calls it. */
    default void onAdvance(Runnable waker) {
    }

    /** {@link System#nanoTime()}. */
    static LaneClock system() {
        return System::nanoTime;
    }
}
