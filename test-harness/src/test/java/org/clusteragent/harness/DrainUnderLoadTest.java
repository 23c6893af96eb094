package org.clusteragent.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The promise of a drain, checked with Undertow's real balancer and real backends: two nodes serve
 * {@code /demo}, users send requests through the balancer without pause, and node1's agent drains
 * and stops its context. No user request fails, every request that reached node1 was answered
 * before its agent's {@code stop(Context)} returned, and node1 receives nothing once it did.
 */
@Timeout(90)
class DrainUnderLoadTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final int USERS = 4;
    /** Long enough that a few requests are in flight on node1 whenever the drain starts. */
    static final Duration HOLD = Duration.ofMillis(40);

    UndertowBalancer balancer;
    AgentNode node1;
    AgentNode node2;
    final Http http = new Http();

    @BeforeEach
    void setUp() throws Exception {
        balancer = UndertowBalancer.builder().start();
        String proxies = "127.0.0.1:" + balancer.mcmpPort();
        node1 = new AgentNode("node1", proxies, HOLD).start();
        node2 = new AgentNode("node2", proxies, HOLD).start();
        for (AgentNode n : new AgentNode[] {node1, node2}) {
            assertTrue(balancer.awaitNode(n.route, b -> b.routes(AgentNode.PATH), WAIT).isPresent(),
                    n.route + " never became routable: " + balancer.nodes());
        }
    }

    @AfterEach
    void tearDown() {
        for (AgentNode n : new AgentNode[] {node1, node2}) {
            if (n != null) {
                n.close();
            }
        }
        http.close();
        if (balancer != null) {
            balancer.stop();
        }
    }

    @Test
    void drainingOneNodeUnderLoadFailsNoRequest() throws Exception {
        LoadLoop load = new LoadLoop(http, balancer.proxyUri(AgentNode.PATH + "/page"), USERS, 200_000).start();
        try {
            awaitArrivals(node1.backend, 10);
            awaitArrivals(node2.backend, 10);

            // Watch for the moment the balancer marks node1's context stopped, from another thread.
            AtomicLong arrivedWhenStopped = new AtomicLong(-1);
            Thread watcher = new Thread(() -> {
                try {
                    balancer.awaitNode("node1", n -> n.context(AgentNode.PATH).map(c -> c.stopped()).orElse(false),
                            WAIT).ifPresent(n -> arrivedWhenStopped.set(node1.backend.arrived()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "clusteragent-test-watcher");
            watcher.setDaemon(true);
            watcher.start();

            int inFlightAtStart = node1.demo.requests.get();
            long t0 = System.nanoTime();
            node1.agent.stop(node1.demo); // blocks: DISABLE-APP, STOP-APP, wait for in-flight requests
            long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long arrivedAtDrainEnd = node1.backend.arrived();
            long completedAtDrainEnd = node1.backend.completed();
            int inFlightAtDrainEnd = node1.demo.requests.get();
            watcher.join(WAIT.toMillis());

            long node2Before = node2.backend.arrived();
            Thread.sleep(1000); // users keep coming; all of them must go to node2 now
            node1.demo.started(false);
            node1.agent.remove(node1.demo);
            Thread.sleep(300);
            load.stop();

            String summary = "drain " + drainMillis + " ms, node1 in flight at start " + inFlightAtStart
                    + ", ok node1=" + load.ok("node1") + " node2=" + load.ok("node2")
                    + ", failures " + load.failures();
            assertEquals(0, load.failures().size(), summary);
            assertEquals(0, inFlightAtDrainEnd, "stop(Context) returned with requests in flight: " + summary);
            assertEquals(arrivedAtDrainEnd, completedAtDrainEnd,
                    "every request that reached node1 was answered before the drain ended: " + summary);
            assertEquals(arrivedAtDrainEnd, node1.backend.arrived(), "node1 got requests after its drain: " + summary);
            assertTrue(arrivedWhenStopped.get() >= 0, "the balancer never showed node1's /demo stopped");
            assertTrue(arrivedAtDrainEnd - arrivedWhenStopped.get() <= USERS,
                    "at most one request per user can have been on its way when STOP-APP took effect: "
                            + (arrivedAtDrainEnd - arrivedWhenStopped.get()) + "; " + summary);
            assertTrue(node2.backend.arrived() - node2Before >= 20, "node2 kept serving: " + summary);
            assertTrue(load.ok("node1") >= 10 && load.ok("node2") >= 10, summary);
            System.out.println("drain under load: " + summary);
        } finally {
            load.stop();
        }
    }

    static void awaitArrivals(DemoBackend backend, long n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (backend.arrived() < n && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        assertTrue(backend.arrived() >= n, backend.name() + " got only " + backend.arrived() + " requests");
    }
}
