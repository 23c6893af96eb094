package org.clusteragent.core.fakeproxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Every request the proxy received, in arrival order, plus a FIFO queue of not-yet-taken ones.
 * {@link #requests()} and {@link #await} see all recorded requests; {@link #take} consumes the queue only.
 * Thread-safe.
 */
final class RequestLog {
    private final List<RecordedRequest> all = new ArrayList<>();
    private final BlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();

    synchronized void add(RecordedRequest request) {
        all.add(request);
        untaken.add(request);
        notifyAll();
    }

    synchronized List<RecordedRequest> requests() {
        return List.copyOf(all);
    }

    synchronized void clear() {
        all.clear();
        untaken.clear();
    }

    RecordedRequest take(Duration timeout) throws InterruptedException {
        return untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The first recorded request matching, waiting for one to arrive; {@code null} on timeout. */
    synchronized RecordedRequest await(Predicate<RecordedRequest> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < all.size(); checked++) {
                if (match.test(all.get(checked))) {
                    return all.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
            if (checked > all.size()) {
                checked = 0; // cleared meanwhile
            }
        }
    }
}
