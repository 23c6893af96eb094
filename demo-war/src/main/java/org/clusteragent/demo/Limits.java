package org.clusteragent.demo;

/**
 * The sane maximums of every load-making endpoint, per request and (where work outlives the request)
 * per node. The per-node limits stop repeated calls from piling up into an outage of the demo itself.
 */
final class Limits {

    static final int MAX_SESSIONS = 10_000;
    static final int MAX_SESSION_TTL_SECONDS = 3_600;
    static final int DEFAULT_SESSION_TTL_SECONDS = 600;
    static final int MAX_HEAP_MB = 512;
    static final int MAX_SECONDS = 300;
    static final int DEFAULT_SECONDS = 10;
    static final int MAX_BUSY_THREADS = 200;
    static final int MAX_TRAFFIC_KB = 102_400;

    private Limits() {
    }

    /** CPU threads per request and per node: twice the processors this JVM sees. */
    static int maxCpuThreads() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    /** Heap that may be held at once on this node: 512 MB, and never more than half of -Xmx. */
    static int maxHeldMb(long maxMemoryBytes) {
        long half = maxMemoryBytes / 2 / (1024 * 1024);
        return (int) Math.max(1, Math.min(MAX_HEAP_MB, half));
    }
}
