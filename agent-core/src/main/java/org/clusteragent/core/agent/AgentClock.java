package org.clusteragent.core.agent;

import java.util.concurrent.TimeUnit;

/**
 * The agent's source of time: a monotonic nanosecond clock and a way to pause. Injected so that
 * drains, deadlines and decay are tested with a manual clock instead of real waiting. The system
 * clock is thread-safe; test clocks must be too.
 */
public interface AgentClock {

    /** Monotonic time in nanoseconds (only differences are meaningful). */
    long nanoTime();

    /** Pauses the calling thread for about {@code nanos}. */
    void pause(long nanos) throws InterruptedException;

    /**
     * Waits on {@code monitor}, which the caller holds, until it is notified or about {@code nanos}
     * have passed (or spuriously, as {@link Object#wait} may): the caller checks again what it waits for.
     */
    default void await(Object monitor, long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
    }

    /** The real clock: {@link System#nanoTime()} and {@link TimeUnit#sleep}. */
    static AgentClock system() {
        return SystemClock.INSTANCE;
    }

    /** The real clock as a singleton. */
    enum SystemClock implements AgentClock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void pause(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
