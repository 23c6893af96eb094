package org.clusteragent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class HeapHolderTest {

    private record Scheduled(Runnable task, long delay, TimeUnit unit) {
    }

    private final List<Scheduled> scheduled = new ArrayList<>();

    /** A scheduler that only records: the test runs the release by hand, nothing sleeps. */
    private ScheduledExecutorService recordingScheduler() {
        return (ScheduledExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ScheduledExecutorService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("schedule") && args[0] instanceof Runnable r) {
                        scheduled.add(new Scheduled(r, (Long) args[1], (TimeUnit) args[2]));
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void holdsUntilTheScheduledReleaseRuns() {
        HeapHolder heap = new HeapHolder(recordingScheduler(), 1L << 30);
        assertEquals(512, heap.capMb());
        HeapHolder.Hold hold = heap.hold(3, 42);
        assertEquals(3, hold.heldMbAfter());
        assertEquals(3, heap.heldMb());
        assertEquals(1, scheduled.size());
        assertEquals(42, scheduled.get(0).delay());
        assertEquals(TimeUnit.SECONDS, scheduled.get(0).unit());
        heap.hold(2, 1);
        assertEquals(5, heap.heldMb());
        scheduled.get(0).task().run();
        assertEquals(2, heap.heldMb());
        scheduled.get(0).task().run();
        assertEquals(2, heap.heldMb(), "a release runs once only");
    }

    @Test
    void refusesWithTooManyRequestsPastTheNodeCap() {
        HeapHolder heap = new HeapHolder(recordingScheduler(), 16L << 20); // -Xmx16m: cap 8 MB
        assertEquals(8, heap.capMb());
        heap.hold(6, 10);
        BadRequest e = assertThrows(BadRequest.class, () -> heap.hold(3, 10));
        assertEquals(429, e.status());
        assertTrue(e.getMessage().startsWith("heap: mb=3 would make 9 MB held on this node; at most 8 MB"), e.getMessage());
        assertEquals(6, heap.heldMb(), "a refused hold holds nothing");
        heap.hold(2, 10);
        heap.releaseAll();
        assertEquals(0, heap.heldMb());
        scheduled.forEach(s -> s.task().run());
        assertEquals(0, heap.heldMb(), "late releases after releaseAll do not go negative");
    }
}
