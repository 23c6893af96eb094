package org.clusteragent.core.agent;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only moves when waited on. A pause advances time by the amount asked; an
 * {@link #await} advances it by the amount asked or to the next event set with {@link #at},
 * whichever comes first (what a real wait that is woken would do). Then the events due run, then
 * the callback given to the constructor. One thread waits on it at a time.
 */
final class ManualClock implements AgentClock {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Runnable onPause;
    private final TreeMap<Long, Runnable> events = new TreeMap<>();
    private int waits;

    ManualClock(Runnable onPause) {
        this.onPause = onPause;
    }

    /** Runs {@code event} when the clock reaches {@code nanos} (on the waiting thread). */
    synchronized ManualClock at(long nanos, Runnable event) {
        events.put(nanos, event);
        return this;
    }

    /** How many times a pause or wait was asked for. */
    synchronized int waits() {
        return waits;
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void pause(long nanos) {
        advance(nanos, false);
    }

    @Override
    public void await(Object monitor, long nanos) {
        advance(nanos, true);
    }

    private void advance(long nanos, boolean wokenByEvents) {
        Runnable[] due;
        synchronized (this) {
            waits++;
            long target = now.get() + nanos < now.get() ? Long.MAX_VALUE : now.get() + nanos;
            if (wokenByEvents && !events.isEmpty()) {
                target = Math.min(target, events.firstKey());
            }
            if (target == Long.MAX_VALUE) {
                throw new AssertionError("waited forever: nothing would ever wake this wait");
            }
            now.set(Math.max(now.get(), target));
            Map<Long, Runnable> head = events.headMap(now.get(), true);
            due = head.values().toArray(Runnable[]::new);
            head.clear();
        }
        for (Runnable event : due) {
            event.run();
        }
        onPause.run();
    }
}
