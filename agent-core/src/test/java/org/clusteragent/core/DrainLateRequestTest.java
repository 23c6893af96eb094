package org.clusteragent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.ScriptedReply;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.FakeContext;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sequence behind a 404 seen through httpd under CPU load: the proxy answers STOP-APP the way
 * mod_proxy_cluster 2.x does (no {@code Requests=} count), the context's last request in flight ends
 * as the reply comes, and a request the proxy had routed before it took the STOP-APP in reaches the
 * context a moment later. The drain must still be running when it arrives, and wait for it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DrainLateRequestTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Well inside the drain's settle after STOP-APP, yet far longer than the agent needs to read the reply. */
    private static final long LATE_MILLIS = 100;

    private final FakeProxy proxy = FakeProxy.start();
    private final FakeServer server = new FakeServer();
    private final FakeContext demo;
    private ClusterAgent agent;

    DrainLateRequestTest() {
        FakeEngine engine = server.engine("Catalina").jvmRoute("node1");
        engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
        demo = engine.host("localhost").context("/demo");
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.shutdown();
        }
        proxy.close();
    }

    @Test
    void aRequestDeliveredJustAfterTheStopAppReplyIsServedBeforeTheDrainEnds() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("proxyList", proxy.address());
        props.put("sessionDrainingStrategy", "NEVER");
        agent = ClusterAgent.builder().properties(props).loadProvider(new FixedLoad(80)).discoveries(List.of())
                .registerMBean(false).build();
        agent.start(server);
        proxy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);

        AtomicBoolean drainOver = new AtomicBoolean();
        AtomicBoolean arrivedWhileDraining = new AtomicBoolean();
        CountDownLatch lateDone = new CountDownLatch(1);
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(LATE_MILLIS);
                arrivedWhileDraining.set(!drainOver.get());
                demo.requests.add(1);
                Thread.sleep(20);
                demo.requests.add(-1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lateDone.countDown();
            }
        }, "late-request");
        late.setDaemon(true);
        demo.requests.set(1);
        AtomicBoolean answered = new AtomicBoolean();
        proxy.reply("STOP-APP", r -> {
            if (answered.getAndSet(true)) {
                return null;
            }
            demo.requests.set(0);
            late.start();
            return ScriptedReply.ok("Type=STOP-APP-RSP\nJvmRoute=node1\nAlias=localhost Contexts=/demo\n\n");
        });

        agent.stop(demo);
        drainOver.set(true);

        assertTrue(lateDone.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the late request ran");
        assertTrue(arrivedWhileDraining.get(),
                "a request arriving " + LATE_MILLIS + " ms after the STOP-APP reply found the context still draining");
        assertEquals(0, demo.requests.get());
    }
}
