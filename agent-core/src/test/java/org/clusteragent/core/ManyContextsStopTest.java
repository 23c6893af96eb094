package org.clusteragent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.FakeContext;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeHost;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server stop with 200 contexts, each with a request in flight that ends 500 ms into the stop:
 * the contexts drain side by side (the stop takes about one drain, not 200) on a bounded number
 * of drain threads. Prints the stop's duration and the most drain threads seen.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManyContextsStopTest {

    private static final int CONTEXTS = 200;

    @Test
    void twoHundredContextsDrainInParallelOnBoundedThreads() throws Exception {
        try (FakeProxy proxy = FakeProxy.start()) {
            FakeServer server = new FakeServer();
            FakeEngine engine = server.engine("Catalina").jvmRoute("many");
            engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
            FakeHost host = engine.host("localhost");
            List<FakeContext> contexts = new ArrayList<>();
            for (int i = 0; i < CONTEXTS; i++) {
                FakeContext c = host.context("/app" + i);
                c.started(true);
                contexts.add(c);
            }
            Map<String, String> props = new LinkedHashMap<>();
            props.put("proxyList", proxy.address());
            props.put("sessionDrainingStrategy", "NEVER");
            props.put("stopContextTimeout", "30");
            ClusterAgent agent = ClusterAgent.builder().properties(props).loadProvider(new FixedLoad(10))
                    .discoveries(List.of()).registerMBean(false).build();
            try {
                agent.start(server);
                proxy.awaitContext("many", "/app" + (CONTEXTS - 1), Status.ENABLED, Duration.ofSeconds(20));
                contexts.forEach(c -> c.requests.set(1));
                AtomicInteger mostDrainThreads = new AtomicInteger();
                Thread watcher = new Thread(() -> {
                    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                    while (System.nanoTime() - end < 0) {
                        int n = (int) Thread.getAllStackTraces().keySet().stream()
                                .filter(t -> t.getName().startsWith("clusteragent-drain")).count();
                        mostDrainThreads.accumulateAndGet(n, Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    contexts.forEach(c -> c.requests.set(0));
                }, "clusteragent-test-requests");
                long t0 = System.nanoTime();
                watcher.start();
                agent.stop(server);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                watcher.join();
                System.out.printf("stop of %d contexts: %d ms, at most %d drain threads%n", CONTEXTS, millis,
                        mostDrainThreads.get());
                assertTrue(mostDrainThreads.get() <= 1, "drain threads: " + mostDrainThreads.get());
                assertTrue(millis >= 450 && millis < 15_000, "one drain's time, not 200: " + millis + " ms");
                assertEquals(0, contexts.stream().mapToInt(FakeContext::activeRequests).sum());
            } finally {
                agent.shutdown();
            }
        }
    }
}
