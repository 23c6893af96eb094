package org.clusteragent.metrics.fake;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** A monotonic nanosecond clock that moves only when a test says so. */
public final class ManualClock implements LongSupplier {

    private long nanos = 1_000_000_000L;

    public void advance(long amount, TimeUnit unit) {
        nanos += unit.toNanos(amount);
    }

    public void advanceSeconds(long seconds) {
        advance(seconds, TimeUnit.SECONDS);
    }

    @Override
    public long getAsLong() {
        return nanos;
    }
}
