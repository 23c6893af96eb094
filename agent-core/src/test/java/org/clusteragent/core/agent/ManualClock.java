package org.clusteragent.core.agent;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when paused on: each pause advances time by the amount asked. */
final class ManualClock implements AgentClock {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Runnable onPause;

    ManualClock(Runnable onPause) {
        this.onPause = onPause;
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void pause(long nanos) {
        now.addAndGet(nanos);
        onPause.run();
    }
}
