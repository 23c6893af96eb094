package org.clusteragent.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

class BackoffTest {

    /** A random source that always returns its bound's maximum or minimum, to pin the jitter. */
    private static RandomGenerator fixed(boolean max) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return max ? bound - 1 : 0;
            }
        };
    }

    @Test
    void doublesFromInitialUpToTheCapWithoutJitter() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), fixed(false));
        long[] expected = {100, 200, 400, 800, 1000, 1000};
        for (long ms : expected) {
            assertEquals(Duration.ofMillis(ms).toNanos(), b.nextDelayNanos());
        }
        assertEquals(6, b.attempts());
        b.reset();
        assertEquals(Duration.ofMillis(100).toNanos(), b.nextDelayNanos(), "reset starts over");
    }

    @Test
    void jitterTakesAtMostAQuarterOff() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), fixed(true));
        assertEquals(Duration.ofMillis(75).toNanos(), b.nextDelayNanos());
        Backoff real = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new SplittableRandom(42));
        for (int i = 0; i < 50; i++) {
            long d = real.nextDelayNanos();
            assertTrue(d >= Duration.ofMillis(75).toNanos() && d <= Duration.ofSeconds(1).toNanos(), "delay " + d);
        }
    }
}
