package org.clusteragent.core.config;

import static org.clusteragent.core.config.ConfigTestSupport.parse;
import static org.clusteragent.core.config.ConfigTestSupport.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every duration and count has a range, enforced with an error naming the attribute and value: a
 * STATUS every microsecond once exhausted the heap in seconds.
 */
class ConfigRangesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "statusInterval|0.000001|out of range; use a number of seconds in 0.1..3600 such as 10 or 0.5",
        "statusInterval|0.09|out of range; use a number of seconds in 0.1..3600 such as 10 or 0.5",
        "statusInterval|3601|out of range; use a number of seconds in 0.1..3600 such as 10 or 0.5",
        "probeInterval|0.01|out of range; use a number of seconds in 0.1..3600 such as 1 or 0.5, or 0 to turn the idle probe off",
        "proxyResolveInterval|0.001|out of range; use a number of seconds in 0.1..86400 such as 30 or 0.5",
        "socketTimeout|5|out of range; use a whole number of milliseconds in 50..600000 such as 20000",
        "socketTimeout|600001|out of range; use a whole number of milliseconds in 50..600000 such as 20000",
        "repairInterval|100001|out of range; use a whole number of status periods in 1..100000 such as 6, or 0 to turn drift checks off",
        "processStatusFrequency|0|out of range; use a whole number of container background ticks in 1..100000 such as 1",
        "stopContextTimeout|-2|out of range; use a whole number such as 10 (unit: stopContextTimeoutUnit, default SECONDS), at most one day, or 0 (or -1) for no bound",
        "stopContextTimeout|86401|too long in SECONDS; use at most one day (86400 SECONDS), or 0 for no bound",
        "workerTimeout|86401|out of range; use a whole number of seconds such as 10 (at most 86400), or -1 to leave the proxy's default",
        "maxAttempts|101|out of range; use a whole number such as 3 (at most 100), or -1 to leave the proxy's default",
        "flushWait|60001|out of range; use a whole number of milliseconds such as 10 (at most 60000), or -1 to leave the proxy's default",
        "ping|3601|out of range; use a whole number of seconds such as 10 (at most 3600), or -1 to leave the proxy's default",
        "smax|100001|out of range; use a whole number such as 20 (at most 100000), or -1 to leave the proxy's default",
        "ttl|86401|out of range; use a whole number of seconds such as 60 (at most 86400), or -1 to leave the proxy's default",
        "nodeTimeout|86401|out of range; use a whole number of seconds such as 60 (at most 86400), or -1 to leave the proxy's default",
        "sslTrustMaxCertLength|101|out of range; use a whole number of certificates in 0..100 such as 5",
    })
    void outOfRangeIsANamedError(String name, String value, String reason) {
        assertEquals(List.of(name + "=\"" + value + "\": " + reason), problems(name, value));
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        assertEquals(Duration.ofMillis(100), parse("statusInterval", "0.1").statusInterval());
        assertEquals(Duration.ofHours(1), parse("statusInterval", "3600").statusInterval());
        assertEquals(Duration.ofMillis(50), parse("socketTimeout", "50").socketTimeout());
        assertEquals(Duration.ofDays(1), parse("stopContextTimeout", "1440", "stopContextTimeoutUnit", "MINUTES")
                .drain().timeout().orElseThrow());
        assertEquals(100000, parse("repairInterval", "100000").repairInterval());
    }
}
