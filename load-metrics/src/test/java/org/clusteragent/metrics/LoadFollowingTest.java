package org.clusteragent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clusteragent.metrics.fake.ManualClock;
import org.clusteragent.spi.testing.FakeConnector;
import org.clusteragent.spi.testing.FakeContext;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.Test;

/**
 * A node under a synthetic load that rises, holds, falls and holds, sampled every 10 s with the
 * default history (9) and decay (2): the factor must move the right way at every step, settle within
 * the history, and never flip between extremes.
 */
class LoadFollowingTest {

    @Test
    void factorFollowsRisingAndFallingLoadWithoutOscillating() {
        FakeEngine engine = new FakeServer().engine("Catalina");
        FakeContext ctx = engine.host("localhost").context("/shop");
        FakeConnector http = engine.httpConnector(8080, 200);
        ManualClock clock = new ManualClock();
        DecayingLoadFactorProvider p = new DecayingLoadFactorProviderFactory().createProvider(Map.of(
                "loadMetrics", "busy(weight=2), sessions(capacity=1000), requests(capacity=500)",
                "initialLoad", "-1"), clock);

        // load level per status 0..1: idle, ramp up over 10 steps, hold, ramp down, hold
        List<Double> level = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            level.add(0.0);
        }
        for (int i = 1; i <= 10; i++) {
            level.add(i / 10.0);
        }
        for (int i = 0; i < 10; i++) {
            level.add(1.0);
        }
        for (int i = 9; i >= 0; i--) {
            level.add(i / 10.0);
        }
        for (int i = 0; i < 10; i++) {
            level.add(0.0);
        }

        List<Integer> factors = new ArrayList<>();
        for (double l : level) {
            clock.advanceSeconds(10);
            http.busyThreads = (int) Math.round(200 * l);
            ctx.sessions.set((int) Math.round(1000 * l));
            engine.requestCount += Math.round(500 * l * 10); // 500 req/s at full load over 10 s
            factors.add(p.loadFactor(engine));
        }

        int idleEnd = 4;
        int riseEnd = 14;
        int holdHighEnd = 24;
        int fallEnd = 34;
        assertEquals(100, factors.get(idleEnd), factors.toString());
        for (int i = idleEnd + 1; i <= riseEnd; i++) {
            assertTrue(factors.get(i) < factors.get(i - 1), "falls while load rises, at " + i + ": " + factors);
        }
        for (int i = riseEnd + 1; i <= holdHighEnd; i++) {
            assertTrue(factors.get(i) <= factors.get(i - 1), "keeps falling to the plateau at " + i + ": " + factors);
        }
        assertEquals(1, factors.get(holdHighEnd), "fully loaded within the history: " + factors);
        for (int i = holdHighEnd + 1; i <= fallEnd; i++) {
            assertTrue(factors.get(i) > factors.get(i - 1), "rises while load falls, at " + i + ": " + factors);
        }
        for (int i = fallEnd + 1; i < factors.size(); i++) {
            assertTrue(factors.get(i) >= factors.get(i - 1), "keeps rising at " + i + ": " + factors);
        }
        assertEquals(100, factors.get(factors.size() - 1), "idle again within the history: " + factors);
        int reversals = 0;
        for (int i = 2; i < factors.size(); i++) {
            int d1 = Integer.signum(factors.get(i - 1) - factors.get(i - 2));
            int d2 = Integer.signum(factors.get(i) - factors.get(i - 1));
            if (d1 != 0 && d2 != 0 && d1 != d2) {
                reversals++;
            }
        }
        assertTrue(reversals <= 1, "one turn at the peak at most, no oscillation: " + factors);
        // Lag, not overshoot: while rising the factor stays above what the instantaneous load would give.
        for (int i = idleEnd + 1; i <= riseEnd; i++) {
            assertTrue(factors.get(i) >= DecayingLoadFactorProvider.toFactor(level.get(i)),
                    "smoothed, never ahead of the load, at " + i + ": " + factors);
        }
    }
}
