package org.clusteragent.core.proxy;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential retry delays with jitter: the n-th delay (from 0) is
 * {@code min(max, initial * 2^n)} less a random part of up to a quarter of it, so retries never
 * exceed {@code max} (a restarted proxy is found again within {@code max}) and lanes of several
 * agents do not retry in lock step. Not thread-safe: used by one lane thread.
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private int attempts;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay before the next retry, in nanoseconds; each call counts one more attempt. */
    long nextDelayNanos() {
        long base = initialNanos;
        for (int i = 0; i < attempts && base < maxNanos; i++) {
            base *= 2;
        }
        base = Math.min(base, maxNanos);
        attempts++;
        long jitter = base / 4;
        return base - (jitter > 0 ? random.nextLong(jitter + 1) : 0);
    }

    /** The cap, in nanoseconds. */
    long maxNanos() {
        return maxNanos;
    }

    /** How many delays were handed out since the last {@link #reset()}. */
    int attempts() {
        return attempts;
    }

    /** Starts again from the initial delay, after a success. */
    void reset() {
        attempts = 0;
    }
}
