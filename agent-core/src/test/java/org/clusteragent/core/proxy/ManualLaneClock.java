package org.clusteragent.core.proxy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A lane clock that only moves when the test says so, waking every lane that waits on it. Thread-safe. */
final class ManualLaneClock implements LaneClock {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Runnable> wakers = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void onAdvance(Runnable waker) {
        wakers.add(waker);
    }

    void advance(Duration by) {
        now.addAndGet(by.toNanos());
        wakers.forEach(Runnable::run);
    }
}
