package org.clusteragent.harness.cluster;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the load driver saw: requests and new sessions per node (by the node that answered), and
 * failed requests (an I/O error or a status other than 2xx), with the last one's reason and time (epoch
 * millis, 0 before the first). Counters only grow; compare two
 * {@link #snapshot()}s for a window. Thread-safe.
 */
public final class LoadStats {

    /** Cumulative counts at one moment; maps are sorted by node name and immutable. */
    public record Snapshot(Map<String, Long> requests, Map<String, Long> newSessions, long failures,
                           String lastFailure, long lastFailureMillis) {

        public long totalRequests() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }

        public long totalNewSessions() {
            return newSessions.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The counts of this snapshot minus those of an earlier one. */
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(diff(requests, earlier.requests), diff(newSessions, earlier.newSessions),
                    failures - earlier.failures, lastFailure, lastFailureMillis);
        }

        /** {@code node}'s part of the new sessions, 0..1 (0 when there were none). */
        public double newSessionShare(String node) {
            long total = totalNewSessions();
            return total == 0 ? 0 : (double) newSessions.getOrDefault(node, 0L) / total;
        }

        private static Map<String, Long> diff(Map<String, Long> now, Map<String, Long> before) {
            Map<String, Long> d = new TreeMap<>();
            now.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
            return Collections.unmodifiableMap(d);
        }
    }

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> newSessions = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");
    private final AtomicLong lastFailureMillis = new AtomicLong();

    void request(String node) {
        requests.computeIfAbsent(node, k -> new LongAdder()).increment();
    }

    void newSession(String node) {
        newSessions.computeIfAbsent(node, k -> new LongAdder()).increment();
    }

    void failure(String what) {
        lastFailure.set(what);
        lastFailureMillis.set(System.currentTimeMillis());
        failures.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(sum(requests), sum(newSessions), failures.get(), lastFailure.get(),
                lastFailureMillis.get());
    }

    private static Map<String, Long> sum(Map<String, LongAdder> counters) {
        Map<String, Long> m = new TreeMap<>();
        counters.forEach((k, v) -> m.put(k, v.sum()));
        return Collections.unmodifiableMap(m);
    }
}
