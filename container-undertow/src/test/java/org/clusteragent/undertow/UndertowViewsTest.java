package org.clusteragent.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.undertow.server.session.InMemorySessionManager;
import io.undertow.servlet.api.DeploymentManager;
import org.clusteragent.core.fakeproxy.ContextStatus;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.spi.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SPI views over a real Undertow: listener type, address and port, worker threads, request and
 * byte counters from connector statistics or, without them, from the deployments' handlers, and
 * each deployment's path, sessions, in-flight requests and distributable flag.
 */
@ExtendWith(AgentCleanup.class)
@Timeout(60)
class UndertowViewsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void listenersBecomeConnectorsAndStatisticsCountEverything() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node(true, true)) {
            node.undertow.start();
            int http = node.ports().get(0);
            int ajp = node.ports().get(1);
            UndertowClusterAgent agent = AgentCleanup.track(EmbeddedAgentTest.agentFor(proxy, "v1")
                    .property("connectorPort", String.valueOf(ajp)).build());
            agent.deploy(TestApp.info("app", "/app"), node.paths);
            agent.attach(node.undertow).start();
            assertEquals("ajp", proxy.awaitNode("v1", WAIT).type(), "CONFIG names the chosen AJP listener");

            UndertowEngine engine = agent.engine();
            List<Connector> connectors = engine.connectors();
            assertEquals(2, connectors.size());
            Connector h = connectors.get(0);
            Connector a = connectors.get(1);
            assertEquals(Connector.Type.HTTP, h.type());
            assertEquals(http, h.port());
            assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), h.address());
            assertEquals(Connector.Type.AJP, a.type());
            assertEquals(ajp, a.port());
            assertTrue(h.isAvailable());
            assertEquals(16, h.maxThreads(), "the worker's task pool, as built");
            assertTrue(h.busyThreads() >= 0 && h.busyThreads() <= 16);

            long before = engine.requestCount();
            node.get("/app/hello");
            node.get("/not-a-deployment");
            // statistics see the request that reached no deployment too
            assertTrue(engine.requestCount() >= before + 2, before + " -> " + engine.requestCount());
            assertTrue(engine.bytesSent() > 0);

            agent.stop();
            node.undertow.stop();
            assertFalse(h.isAvailable(), "a stopped server's listener is not available");
        }
    }

    @Test
    void withoutStatisticsTheDeploymentsCountTheirRequests() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node()) {
            UndertowClusterAgent agent = AgentCleanup.track(EmbeddedAgentTest.agentFor(proxy, "v2").build());
            agent.deploy(TestApp.info("app", "/app"), node.paths);
            agent.start(node.undertow);
            UndertowEngine engine = agent.engine();
            assertEquals(0, engine.requestCount());
            node.get("/app/hello");
            node.get("/app/hello");
            node.get("/not-a-deployment");
            assertTrue(proxy.await(() -> engine.requestCount() == 2, WAIT), "count " + engine.requestCount());
            assertTrue(engine.bytesSent() >= 10, "two 'hello' bodies at least: " + engine.bytesSent());
            agent.stop();
        }
    }

    @Test
    void deploymentsShowPathSessionsAndDistributable() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node()) {
            UndertowClusterAgent agent = AgentCleanup.track(EmbeddedAgentTest.agentFor(proxy, "v3")
                    .host("main.test", "alias.test").host("other.test")
                    .property("sessionDrainingStrategy", "NEVER").build());
            agent.deploy(TestApp.info("root", "/"), node.paths);
            DeploymentManager marked = agent.deploy(TestApp.info("marked", "/marked/")
                    .addInitParameter("clusteragent.distributable", "true"), node.paths);
            agent.deploy(TestApp.info("elsewhere", "/elsewhere").setHostName("other.test"), node.paths);
            agent.start(node.undertow);
            proxy.awaitContext("v3", "/", ContextStatus.Status.ENABLED, WAIT);
            assertEquals(List.of("other.test"),
                    proxy.awaitContext("v3", "/elsewhere", ContextStatus.Status.ENABLED, WAIT).aliases());
            assertEquals(List.of("main.test", "alias.test"),
                    proxy.awaitContext("v3", "/marked", ContextStatus.Status.ENABLED, WAIT).aliases());

            DeploymentContext root = find(agent, "root");
            DeploymentContext mark = find(agent, "marked");
            assertEquals("", root.path());
            assertEquals("/marked", mark.path());
            assertEquals("main.test", root.host().name(), "default host: the first one configured");
            assertEquals("other.test", find(agent, "elsewhere").host().name());
            assertFalse(root.isDistributable(), "in-memory sessions die with the node");
            assertTrue(marked.getDeployment().getSessionManager() instanceof InMemorySessionManager);
            assertTrue(mark.isDistributable(), "the deployment says so");

            assertEquals(0, root.activeSessions());
            node.get("/session");
            node.get("/session");
            assertEquals(2, root.activeSessions());
            assertTrue(proxy.await(() -> root.activeRequests() == 0, WAIT), "completed exchanges leave the count");
            assertTrue(root.isStarted());
            agent.stop();
        }
    }

    private static DeploymentContext find(UndertowClusterAgent agent, String name) {
        return agent.engine().deployments().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }
}
