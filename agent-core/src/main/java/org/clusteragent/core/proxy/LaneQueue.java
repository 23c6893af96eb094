package org.clusteragent.core.proxy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.mcmp.StatusRequest;

/**
 * The queue of one {@link ProxyLane}, bounded by what it holds rather than by a count: at most one
 * STATUS per node waits (a newer one takes the older one's place, and the older one's future
 * completes with the newer one's reply, since only the latest load matters), at most one resync
 * waits (a later request adds nothing: the one waiting tells the proxy everything anyway), and
 * every other command, which changes the desired state, is kept in order and never dropped. A
 * slow proxy so costs a few entries, not one per status tick. Waiting is measured in
 * {@link LaneClock} time. Thread-safe.
 */
final class LaneQueue {

    private final LaneClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<LaneTask> tasks = new ArrayDeque<>();
    private final Map<String, LaneTask.Send> statusByRoute = new HashMap<>();
    private boolean resyncQueued;
    private long coalesced;

    LaneQueue(LaneClock clock) {
        this.clock = clock;
        clock.onAdvance(this::wake);
    }

    void add(LaneTask task) {
        lock.lock();
        try {
            tasks.add(task);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a command; a STATUS replaces a STATUS for the same node that is still waiting. */
    void send(McmpRequest request, CompletableFuture<McmpReply> future) {
        lock.lock();
        try {
            if (request instanceof StatusRequest status) {
                LaneTask.Send older = statusByRoute.get(status.jvmRoute());
                if (older != null) {
                    List<CompletableFuture<McmpReply>> riders = older.riders();
                    riders.add(older.future());
                    LaneTask.Send newer = new LaneTask.Send(request, future, riders);
                    replace(older, newer);
                    statusByRoute.put(status.jvmRoute(), newer);
                    coalesced++;
                    return;
                }
                LaneTask.Send task = new LaneTask.Send(request, future);
                statusByRoute.put(status.jvmRoute(), task);
                tasks.add(task);
            } else {
                tasks.add(new LaneTask.Send(request, future));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a resync unless one is already waiting; false when it was folded into that one. */
    boolean resync(ResyncReason reason) {
        lock.lock();
        try {
            if (resyncQueued) {
                coalesced++;
                return false;
            }
            resyncQueued = true;
            tasks.add(new LaneTask.Resync(reason));
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void replace(LaneTask.Send older, LaneTask.Send newer) {
        List<LaneTask> after = new ArrayList<>();
        boolean found = false;
        for (Iterator<LaneTask> it = tasks.iterator(); it.hasNext(); ) {
            LaneTask t = it.next();
            if (t == older) {
                found = true;
            }
            if (found) {
                it.remove();
                after.add(t == older ? newer : t);
            }
        }
        tasks.addAll(after);
    }

    /**
     * The next task, waiting until {@code deadline} ({@link LaneClock} time; {@link Long#MAX_VALUE}
     * waits until one comes); null when the deadline came first.
     */
    LaneTask poll(long deadline) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                LaneTask task = tasks.poll();
                if (task != null) {
                    taken(task);
                    return task;
                }
                if (deadline == Long.MAX_VALUE) {
                    changed.await();
                    continue;
                }
                long left = deadline - clock.nanoTime();
                if (left <= 0) {
                    return null;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private void taken(LaneTask task) {
        if (task instanceof LaneTask.Send send && send.request() instanceof StatusRequest status) {
            statusByRoute.remove(status.jvmRoute(), send);
        } else if (task instanceof LaneTask.Resync) {
            resyncQueued = false;
        }
    }

    /** Everything still queued, emptying the queue. */
    List<LaneTask> drain() {
        lock.lock();
        try {
            List<LaneTask> all = new ArrayList<>(tasks);
            tasks.clear();
            statusByRoute.clear();
            resyncQueued = false;
            return all;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return tasks.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many STATUS and resync requests were folded into one already waiting. */
    long coalesced() {
        lock.lock();
        try {
            return coalesced;
        } finally {
            lock.unlock();
        }
    }

    /** Re-checks the time now (the clock jumped). */
    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
