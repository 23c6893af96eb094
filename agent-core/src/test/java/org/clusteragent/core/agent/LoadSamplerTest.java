package org.clusteragent.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadFactorProvider;
import org.clusteragent.spi.LoadReport;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load sampler: the provider runs on clusteragent-load within a budget; whatever it throws and
 * however long it hangs, the caller gets the engine's previous factor at once, one warning per
 * outage and one line when it answers again.
 */
@Timeout(30)
class LoadSamplerTest {

    private static final Duration GENEROUS = Duration.ofSeconds(10);
    private final Engine engine = new FakeServer().engine("Catalina");

    @Test
    void anErrorOfTheProviderIsAFailedSampleLoggedOncePerOutage() {
        Scripted provider = new Scripted();
        try (CapturedLog log = CapturedLog.capture(); LoadSampler sampler = new LoadSampler(provider, GENEROUS)) {
            provider.next.set(() -> {
                throw new AssertionError("metric bug");
            });
            assertEquals(1, sampler.loadFactor(engine), "no factor yet: the least attractive one");
            provider.next.set(() -> 40);
            assertEquals(40, sampler.loadFactor(engine));
            provider.next.set(() -> {
                throw new StackOverflowError();
            });
            assertEquals(40, sampler.loadFactor(engine), "the previous factor");
            assertEquals(40, sampler.loadFactor(engine));
            provider.next.set(() -> 70);
            assertEquals(70, sampler.loadFactor(engine));

            List<String> outages = log.withId("CLAG2301");
            assertEquals(2, outages.size(), outages.toString());
            assertTrue(outages.get(0).contains("AssertionError: metric bug") && outages.get(0).contains("factor 1"),
                    outages.get(0));
            assertTrue(outages.get(1).contains("StackOverflowError") && outages.get(1).contains("factor 40"),
                    outages.get(1));
            assertEquals(List.of("CLAG2302: the load provider answers again for engine Catalina after 1 failed sample(s)",
                    "CLAG2302: the load provider answers again for engine Catalina after 2 failed sample(s)"),
                    log.withId("CLAG2302"));
            assertEquals("clusteragent-load-1", provider.thread.get().getName());
            assertTrue(provider.thread.get().isDaemon());
        }
    }

    @Test
    void aHangingProviderHoldsNeitherTheCallerNorCloseAndIsNotCalledAgainWhileBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Scripted provider = new Scripted();
        try (CapturedLog log = CapturedLog.capture()) {
            LoadSampler sampler = new LoadSampler(provider, Duration.ofMillis(100));
            provider.next.set(() -> 55);
            assertEquals(55, sampler.loadFactor(engine));
            provider.next.set(() -> {
                entered.countDown();
                release.await();
                return 99;
            });
            assertEquals(55, sampler.loadFactor(engine), "over budget: the previous factor");
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 5; i++) {
                assertEquals(55, sampler.loadFactor(engine), "still busy: the previous factor");
            }
            assertEquals(2, provider.calls.get(), "a busy provider is not called again");
            List<String> outages = log.withId("CLAG2301");
            assertEquals(1, outages.size(), outages.toString());
            assertTrue(outages.get(0).contains("did not answer within 100 ms"), outages.get(0));
            assertTrue(outages.get(0).contains("LoadSamplerTest"), "names where the load thread is: " + outages.get(0));

            sampler.close(); // interrupts the provider's thread, does not wait for it
            provider.thread.get().join(10_000);
            assertTrue(!provider.thread.get().isAlive(), "the load thread ends once interrupted");
        } finally {
            release.countDown();
        }
    }

    @Test
    void theBudgetIsHalfTheStatusIntervalAtMostTwoSeconds() {
        assertEquals(Duration.ofSeconds(2), LoadSampler.budgetFor(Duration.ofSeconds(10)));
        assertEquals(Duration.ofMillis(250), LoadSampler.budgetFor(Duration.ofMillis(500)));
    }

    /** A provider whose next answer the test sets; records its calls and thread. */
    private static final class Scripted implements LoadFactorProvider {
        final AtomicReference<java.util.concurrent.Callable<Integer>> next = new AtomicReference<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Thread> thread = new AtomicReference<>();

        @Override
        public int loadFactor(Engine engine) {
            calls.incrementAndGet();
            thread.set(Thread.currentThread());
            try {
                return next.get().call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public LoadReport explain(Engine engine) {
            return LoadReport.EMPTY;
        }
    }
}
