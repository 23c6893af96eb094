package org.clusteragent.harness.bench;

import java.util.Arrays;
import java.util.Locale;

/** Durations measured by a benchmark, in nanoseconds, and their order statistics. Not thread-safe. */
final class Samples {

    private final long[] nanos;
    private int count;
    private long connections = -1;

    Samples(int capacity) {
        nanos = new long[capacity];
    }

    void add(long n) {
        nanos[count++] = n;
    }

    /** Records how many TCP connections the measured exchanges opened, to print with the figures. */
    void connections(long n) {
        connections = n;
    }

    int count() {
        return count;
    }

    /** The {@code p}-quantile (0..1), nearest rank, in nanoseconds. */
    long quantile(double p) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))];
    }

    long median() {
        return quantile(0.5);
    }

    /** "median 123 µs, p90 150 µs, max 400 µs (n=2000)". */
    String microseconds() {
        return String.format(Locale.ROOT, "median %d µs, p90 %d µs, max %d µs (n=%d%s)",
                median() / 1000, quantile(0.9) / 1000, quantile(1.0) / 1000, count,
                connections < 0 ? "" : ", " + connections + " connections");
    }

    /** "median 12.3 ms, min 10.1 ms, max 20.2 ms (n=20)". */
    String milliseconds() {
        return String.format(Locale.ROOT, "median %.1f ms, min %.1f ms, max %.1f ms (n=%d)",
                median() / 1e6, quantile(0) / 1e6, quantile(1.0) / 1e6, count);
    }
}
