package org.clusteragent.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds heap on purpose for the {@code heap} endpoint: {@code mb} megabytes in quarter-megabyte arrays, every page
 * written so the memory is really committed, released after {@code seconds} by the injected
 * scheduler. The total held on the node is capped by {@link Limits#maxHeldMb(long)}; asking for
 * more is refused with 429 rather than risking an OutOfMemoryError in the container. Thread-safe.
 */
final class HeapHolder {

    /** One accepted hold. */
    record Hold(long id, int mb, int seconds, int heldMbAfter) {
    }

    /**
     * A quarter megabyte: below G1's humongous threshold even with 1 MB regions. A whole-megabyte
     * array would take two humongous regions and so hold twice the heap asked for.
     */
    private static final int CHUNK = 256 * 1024;
    private static final int CHUNKS_PER_MB = 4;

    private final ScheduledExecutorService scheduler;
    private final int capMb;
    private final Map<Long, byte[][]> held = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private int heldMb;

    HeapHolder(ScheduledExecutorService scheduler, long maxMemoryBytes) {
        this.scheduler = scheduler;
        this.capMb = Limits.maxHeldMb(maxMemoryBytes);
    }

    int capMb() {
        return capMb;
    }

    synchronized int heldMb() {
        return heldMb;
    }

    /** Allocates and holds {@code mb} for {@code seconds}; 429 when the node-wide cap would be passed. */
    Hold hold(int mb, int seconds) {
        byte[][] chunks;
        int after;
        synchronized (this) {
            if (heldMb + mb > capMb) {
                throw BadRequest.tooMuch("heap: mb=" + mb + " would make " + (heldMb + mb) + " MB held on this node; at most "
                        + capMb + " MB may be held at once (512 MB and half of -Xmx), " + heldMb + " MB held now; retry after a release");
            }
            heldMb += mb;
            after = heldMb;
        }
        try {
            chunks = new byte[mb * CHUNKS_PER_MB][];
            for (int i = 0; i < chunks.length; i++) {
                byte[] chunk = new byte[CHUNK];
                for (int p = 0; p < CHUNK; p += 4096) {
                    chunk[p] = 1;
                }
                chunks[i] = chunk;
            }
        } catch (OutOfMemoryError e) {
            chunks = null;
            release(mb);
            throw new BadRequest(503, "heap: mb=" + mb + " could not be allocated (OutOfMemoryError); hold less or give the JVM more -Xmx");
        }
        long id = ids.incrementAndGet();
        held.put(id, chunks);
        try {
            scheduler.schedule(() -> drop(id, mb), seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            drop(id, mb);
            throw new BadRequest(503, "heap: the demo application is stopping");
        }
        return new Hold(id, mb, seconds, after);
    }

    private void drop(long id, int mb) {
        if (held.remove(id) != null) {
            release(mb);
        }
    }

    private synchronized void release(int mb) {
        heldMb -= mb;
    }

    /** Drops every hold at once (context stop). */
    synchronized void releaseAll() {
        held.clear();
        heldMb = 0;
    }
}
