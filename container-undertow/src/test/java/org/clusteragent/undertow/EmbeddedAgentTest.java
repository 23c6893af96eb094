package org.clusteragent.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.undertow.servlet.api.DeploymentManager;
import org.clusteragent.core.fakeproxy.ContextStatus;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.NodeState;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The builder mode end to end: a real embedded Undertow on 127.0.0.1 and agent-core's fake proxy.
 * The node registers with its real listener, follows deployments deployed and undeployed at run
 * time, keeps STATUS flowing, gives sessions its route, and leaves cleanly, with no thread left.
 */
@ExtendWith(AgentCleanup.class)
@Timeout(60)
class EmbeddedAgentTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    static UndertowClusterAgentBuilder agentFor(FakeProxy proxy, String route) {
        return UndertowClusterAgent.builder()
                .property("proxyList", proxy.address())
                .property("advertise", "false")
                .property("jvmRoute", route)
                .property("statusInterval", "0.2")
                .registerMBean(false);
    }

    @Test
    void registersFollowsDeploymentsAndLeaves() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node()) {
            // NEVER: this test leaves a session behind; DrainTest covers waiting for sessions
            UndertowClusterAgent agent = AgentCleanup.track(agentFor(proxy, "uw1").host("localhost", "www.example.test")
                    .property("sessionDrainingStrategy", "NEVER").build());
            // deployed before the node registers: announced with the node
            agent.deploy(TestApp.info("app", "/app"), node.paths);
            agent.start(node.undertow);
            assertTrue(agent.isRunning());

            NodeState registered = proxy.awaitNode("uw1", WAIT);
            assertEquals(String.valueOf(node.port()), registered.port(), registered.toString());
            assertEquals("127.0.0.1", registered.host());
            assertEquals("http", registered.type());
            ContextStatus app = proxy.awaitContext("uw1", "/app", ContextStatus.Status.ENABLED, WAIT);
            assertEquals(List.of("localhost", "www.example.test"), app.aliases());
            assertTrue(proxy.await(() -> proxy.node("uw1").map(n -> n.statusCount() >= 2).orElse(false), WAIT),
                    "STATUS keeps flowing: " + proxy.node("uw1"));
            int load = proxy.node("uw1").orElseThrow().load().orElseThrow();
            assertTrue(load >= 1 && load <= 100, "load " + load);
            assertEquals(200, node.get("/app/hello").statusCode());

            // sessions carry the route, so a proxy's sticky sessions come back here
            HttpResponse<String> session = node.get("/app/session");
            assertTrue(session.body().endsWith(".uw1"), session.body());
            assertTrue(session.headers().firstValue("Set-Cookie").orElse("").contains(".uw1"),
                    session.headers().map().toString());
            assertEquals(java.util.Optional.of("uw1"), agent.jvmRoute());

            // run-time deploy and undeploy reach the proxy at once
            DeploymentManager late = agent.deploy(TestApp.info("late", "/late"), node.paths);
            proxy.awaitContext("uw1", "/late", ContextStatus.Status.ENABLED, WAIT);
            assertEquals(200, node.get("/late/hello").statusCode());
            agent.undeploy(late);
            proxy.awaitContext("uw1", "/late", ContextStatus.Status.REMOVED, WAIT);
            assertEquals(List.of("STOP-APP", "REMOVE-APP"), commandsFor(proxy, "/late", "STOP-APP", "REMOVE-APP"));
            assertEquals(404, node.get("/late/hello").statusCode());
            assertEquals(ContextStatus.Status.ENABLED, proxy.context("uw1", "/app").orElseThrow().status());

            agent.stop();
            assertFalse(agent.isRunning());
            assertTrue(proxy.await(() -> proxy.node("uw1").isEmpty(), WAIT), "node removed: " + proxy.nodes());
            assertTrue(proxy.requests().stream().anyMatch(r -> r.method().equals("REMOVE-APP") && r.nodeWide()));
            assertThrows(ConnectException.class, () -> node.get("/app/hello"), "stop() stopped the Undertow it started");
            assertEquals(List.of(), AgentThreads.awaitNone());
        }
    }

    @Test
    void undeployAndRedeployWithPlainDeploymentManagerCallsIsFollowed() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node()) {
            node.undertow.start();
            UndertowClusterAgent agent = AgentCleanup.track(agentFor(proxy, "uw2").build());
            agent.attach(node.undertow).start();
            proxy.awaitNode("uw2", WAIT);

            // the user drives Undertow itself; the agent only prepared the DeploymentInfo
            DeploymentManager manager = io.undertow.servlet.Servlets.newContainer()
                    .addDeployment(agent.prepare(TestApp.info("own", "/")));
            manager.deploy();
            node.paths.addPrefixPath("/", manager.getDeployment().getHandler());
            manager.start();
            ContextStatus root = proxy.awaitContext("uw2", "/", ContextStatus.Status.ENABLED, WAIT);
            assertEquals(List.of("localhost"), root.aliases());
            assertEquals(200, node.get("/hello").statusCode());

            manager.stop();
            proxy.awaitContext("uw2", "/", ContextStatus.Status.STOPPED, WAIT);
            assertEquals(503, node.get("/hello").statusCode(), "a stopped deployment answers 503, not an error");
            manager.start();
            proxy.awaitContext("uw2", "/", ContextStatus.Status.ENABLED, WAIT);
            assertEquals(200, node.get("/hello").statusCode(), "a restarted deployment serves again");
            manager.stop();
            manager.undeploy();
            proxy.awaitContext("uw2", "/", ContextStatus.Status.REMOVED, WAIT);
            assertEquals(503, node.get("/hello").statusCode(), "still mounted, an undeployed deployment answers 503");
            node.paths.removePrefixPath("/");

            agent.stop();
            assertTrue(proxy.await(() -> proxy.node("uw2").isEmpty(), WAIT));
            assertEquals(404, statusOrRefused(node, "/nothing-here"), "Undertow, not started by the agent, still runs");
            assertEquals(List.of(), AgentThreads.awaitNone());
        }
    }

    @Test
    void anUnpreparedDeploymentIsRefusedWithAdvice() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node()) {
            UndertowClusterAgent agent = AgentCleanup.track(agentFor(proxy, "uw3").build());
            DeploymentManager manager = io.undertow.servlet.Servlets.newContainer()
                    .addDeployment(TestApp.info("unprepared", "/u").addInitParameter("clusteragent.enabled", "false"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> agent.deploy(manager, node.paths));
            assertTrue(e.getMessage().contains("agent.prepare(info)"), e.getMessage());
            assertEquals(DeploymentManager.State.UNDEPLOYED, manager.getState());
        }
    }

    private static int statusOrRefused(Node node, String path) throws InterruptedException {
        try {
            return node.get(path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    static List<String> commandsFor(FakeProxy proxy, String context, String... methods) {
        List<String> wanted = List.of(methods);
        return proxy.requests().stream()
                .filter(r -> wanted.contains(r.method()) && context.equals(r.parameter("Context")))
                .map(RecordedRequest::method).toList();
    }
}
