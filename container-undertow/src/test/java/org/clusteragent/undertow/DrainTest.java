package org.clusteragent.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.undertow.servlet.api.DeploymentManager;
import org.clusteragent.core.fakeproxy.ContextStatus;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Draining on Undertow: an undeploy waits for the request still inside the deployment and for the
 * sessions of a non-distributable one, and neither an undeploy nor a node stop under a request loop
 * that routes like a balancer makes a single request fail.
 */
@ExtendWith(AgentCleanup.class)
@Timeout(90)
class DrainTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void undeployWaitsForTheRequestInFlight() throws Exception {
        TestApp.Gate gate = new TestApp.Gate();
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node()) {
            undeployWaitsForTheRequestInFlight(gate, proxy, node);
        } finally {
            gate.release.countDown(); // a failed assertion must not leave the request hanging
        }
    }

    private static void undeployWaitsForTheRequestInFlight(TestApp.Gate gate, FakeProxy proxy, Node node)
            throws Exception {
        UndertowClusterAgent agent = AgentCleanup.track(EmbeddedAgentTest.agentFor(proxy, "d1").build());
        DeploymentManager app = agent.deploy(TestApp.info("app", "/app", gate), node.paths);
        agent.start(node.undertow);
        proxy.awaitContext("d1", "/app", ContextStatus.Status.ENABLED, WAIT);

        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> get(node, "/app/slow"));
        assertTrue(gate.entered.await(10, TimeUnit.SECONDS), "slow request reached the servlet");
        assertEquals(1, agent.engine().deployments().get(0).activeRequests());
        java.util.concurrent.CountDownLatch idle = new java.util.concurrent.CountDownLatch(1);
        assertTrue(agent.engine().deployments().get(0).addIdleListener(idle::countDown), "the deployment's counter signals");

        CompletableFuture<Void> undeploy = CompletableFuture.runAsync(() -> agent.undeploy(app));
        proxy.awaitContext("d1", "/app", ContextStatus.Status.STOPPED, WAIT);
        // the drain holds the undeploy while the request runs
        Thread.sleep(300);
        assertTrue(!undeploy.isDone(), "undeploy must wait for the request in flight");
        assertTrue(!gate.destroyed.get(), "the drain runs before Undertow destroys the application's servlets");
        gate.release.countDown();

        HttpResponse<String> answer = slow.get(15, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertEquals("slow done", answer.body());
        assertTrue(idle.await(15, TimeUnit.SECONDS), "the counter told its listener when the request completed");
        undeploy.get(15, TimeUnit.SECONDS);
        assertTrue(gate.destroyed.get(), "then the deployment stops as usual");
        proxy.awaitContext("d1", "/app", ContextStatus.Status.REMOVED, WAIT);
        assertEquals(List.of("ENABLE-APP", "DISABLE-APP", "STOP-APP", "REMOVE-APP"),
                EmbeddedAgentTest.commandsFor(proxy, "/app", "ENABLE-APP", "DISABLE-APP", "STOP-APP", "REMOVE-APP"));
        agent.stop();
    }

    @Test
    void undeployOfANonDistributableDeploymentWaitsForItsSessions() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node()) {
            UndertowClusterAgent agent = AgentCleanup.track(EmbeddedAgentTest.agentFor(proxy, "d2").build());
            DeploymentManager app = agent.deploy(TestApp.info("app", "/app"), node.paths);
            agent.start(node.undertow);
            proxy.awaitContext("d2", "/app", ContextStatus.Status.ENABLED, WAIT);
            HttpResponse<String> session = node.get("/app/session");
            String cookie = "JSESSIONID=" + session.body();
            assertEquals(1, agent.engine().deployments().get(0).activeSessions());

            CompletableFuture<Void> undeploy = CompletableFuture.runAsync(() -> agent.undeploy(app));
            proxy.awaitContext("d2", "/app", ContextStatus.Status.DISABLED, WAIT);
            Thread.sleep(300);
            assertTrue(!undeploy.isDone(), "undeploy waits while the session lives");
            // a disabled context still serves its sessions
            assertEquals("gone", node.get("/app/logout", cookie).body());
            undeploy.get(15, TimeUnit.SECONDS);
            proxy.awaitContext("d2", "/app", ContextStatus.Status.REMOVED, WAIT);
            agent.stop();
        }
    }

    @Test
    void noRequestFailsWhileADeploymentGoesAndTheNodeStops() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node()) {
            UndertowClusterAgent agent = AgentCleanup.track(EmbeddedAgentTest.agentFor(proxy, "d3").build());
            DeploymentManager first = agent.deploy(TestApp.info("first", "/first"), node.paths);
            agent.deploy(TestApp.info("second", "/second"), node.paths);
            agent.start(node.undertow);
            proxy.awaitContext("d3", "/first", ContextStatus.Status.ENABLED, WAIT);
            proxy.awaitContext("d3", "/second", ContextStatus.Status.ENABLED, WAIT);

            try (BalancerLoop toFirst = new BalancerLoop(proxy, node, "d3", "/first", "/pause").start(4);
                 BalancerLoop toSecond = new BalancerLoop(proxy, node, "d3", "/second", "/pause").start(4)) {
                assertTrue(toFirst.awaitOk(100), "loop runs: " + toFirst.failures());
                long start = System.nanoTime();
                agent.undeploy(first);
                long undeployMillis = (System.nanoTime() - start) / 1_000_000;
                // the drain ends when nothing is in flight, far inside the 10 s stopContextTimeout
                assertTrue(undeployMillis < 5_000, "undeploy drained in " + undeployMillis + " ms");
                proxy.awaitContext("d3", "/first", ContextStatus.Status.REMOVED, WAIT);
                int firstOk = toFirst.ok();
                assertTrue(toSecond.awaitOk(toSecond.ok() + 100), "the other deployment keeps serving");

                start = System.nanoTime();
                agent.stop();
                long stopMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(stopMillis < 5_000, "stop drained in " + stopMillis + " ms");
                assertTrue(proxy.await(() -> proxy.node("d3").isEmpty(), WAIT));
                toFirst.stop();
                toSecond.stop();
                assertEquals(List.of(), toFirst.failures(), "no failed request while /first was undeployed");
                assertEquals(List.of(), toSecond.failures(), "no failed request while the node stopped");
                assertEquals(firstOk, toFirst.ok(), "nothing was routed to /first after its removal");
                assertTrue(toFirst.skipped() > 0 && toSecond.skipped() > 0);
            }
            assertEquals(List.of(), AgentThreads.awaitNone());
        }
    }

    private static HttpResponse<String> get(Node node, String path) {
        try {
            return node.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
