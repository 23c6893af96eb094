package org.clusteragent.core.config;

import java.time.Duration;

/**
 * The accepted range of every duration and count of the agent's configuration, in one place so
 * that the parser's errors and the attribute reference agree. The bounds are generous for any real
 * setup and keep out values that would flood proxies or exhaust memory (a STATUS every microsecond)
 * or that no proxy could use.
 */
final class Ranges {

    /** statusInterval and probeInterval: at least 0.1 s, at most one hour. */
    static final Duration PERIOD_MIN = Duration.ofMillis(100);
    static final Duration PERIOD_MAX = Duration.ofHours(1);
    /** socketTimeout, in milliseconds: 50 ms to 10 minutes. */
    static final int SOCKET_TIMEOUT_MIN_MS = 50;
    static final int SOCKET_TIMEOUT_MAX_MS = 600_000;
    /** repairInterval and processStatusFrequency, counted in ticks. */
    static final int TICKS_MAX = 100_000;
    /** stopContextTimeout, once converted from its unit. */
    static final Duration STOP_CONTEXT_TIMEOUT_MAX = Duration.ofDays(1);
    /** Node parameters sent to proxies in CONFIG (-1 leaves the proxy's default). */
    static final int DAY_SECONDS = 86_400;
    static final int HOUR_SECONDS = 3_600;
    static final int MAX_ATTEMPTS = 100;
    static final int FLUSH_WAIT_MAX_MS = 60_000;
    static final int SMAX = 100_000;

    private Ranges() {
    }
}
