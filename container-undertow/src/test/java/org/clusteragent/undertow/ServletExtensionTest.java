package org.clusteragent.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainer;
import org.clusteragent.core.fakeproxy.ContextStatus;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.NodeState;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servlet-extension mode: plain Undertow deployments, not prepared by any code of ours, join the
 * cluster because the extension is on their class path (META-INF/services), configured by init
 * parameters, a clusteragent.properties resource and a file named by a system property; deployments
 * with the same configuration share one node; a bad configuration is named and leaves the deployment
 * serving, unclustered.
 */
@Timeout(60)
class ServletExtensionTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @AfterEach
    void noAgentLeft() throws InterruptedException {
        List<NodeAgent> left = SharedAgents.nodes();
        SharedAgents.stopAll();
        assertEquals(List.of(), left, "every test undeploys what it deployed");
        assertEquals(List.of(), AgentThreads.awaitNone());
    }

    @Test
    void deploymentsWithTheSameConfigurationShareOneNode() throws Exception {
        try (CapturedLog log = CapturedLog.capture(); FakeProxy proxy = FakeProxy.start(); Node node = new Node()) {
            node.undertow.start();
            ServletContainer container = Servlets.newContainer();
            DeploymentManager a = deploy(container, configured(TestApp.info("a", "/a"), proxy, node, "ext1"), node);
            DeploymentManager b = deploy(container, configured(TestApp.info("b", "/b"), proxy, node, "ext1"), node);

            NodeState registered = proxy.awaitNode("ext1", WAIT);
            assertEquals(String.valueOf(node.port()), registered.port());
            assertEquals("127.0.0.1", registered.host());
            ContextStatus ca = proxy.awaitContext("ext1", "/a", ContextStatus.Status.ENABLED, WAIT);
            proxy.awaitContext("ext1", "/b", ContextStatus.Status.ENABLED, WAIT);
            assertEquals(List.of("localhost", "alias.test"), ca.aliases());
            assertEquals(1, proxy.nodes().size());
            assertEquals(1, SharedAgents.nodes().size());

            assertEquals(200, node.get("/a/hello").statusCode());
            assertTrue(node.get("/b/session").body().endsWith(".ext1"));
            UndertowEngine engine = SharedAgents.nodes().get(0).engine();
            Connector connector = engine.connectors().get(0);
            assertTrue(connector.maxThreads() > 0, "worker seen through a request: " + connector.maxThreads());
            // the count moves when an exchange completes, just after the client has its answer
            assertTrue(proxy.await(() -> engine.requestCount() == 2, WAIT), "requests " + engine.requestCount());
            assertTrue(engine.bytesSent() > 0);

            a.stop();
            a.undeploy();
            proxy.awaitContext("ext1", "/a", ContextStatus.Status.REMOVED, WAIT);
            assertTrue(proxy.node("ext1").isPresent(), "the node stays while /b is deployed");
            b.stop();
            b.undeploy();
            assertTrue(proxy.await(() -> proxy.node("ext1").isEmpty(), WAIT), "last undeploy removes the node");
            assertOnlyBusyWithoutWorker(log);
        }
    }

    @Test
    void fileThenResourceThenInitParameters(@TempDir Path dir) throws Exception {
        try (CapturedLog log = CapturedLog.capture(); FakeProxy proxy = FakeProxy.start(); Node node = new Node()) {
            node.undertow.start();
            Path file = dir.resolve("server.properties");
            Files.writeString(file, "balancer=filebalancer\njvmRoute=from-file\nadvertise=false\n");
            Path classes = Files.createDirectories(dir.resolve("classes"));
            Files.writeString(classes.resolve(ExtensionSettings.RESOURCE), "proxyList=" + proxy.address()
                    + "\njvmRoute=from-resource\nconnectorPort=" + node.port() + "\n");
            System.setProperty(ExtensionSettings.FILE_PROPERTY, file.toString());
            try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                    TestApp.class.getClassLoader())) {
                DeploymentInfo info = TestApp.info("layered", "/layered").setClassLoader(loader)
                        .addInitParameter("clusteragent.jvmRoute", "from-param");
                DeploymentManager m = deploy(Servlets.newContainer(), info, node);
                NodeState registered = proxy.awaitNode("from-param", WAIT);
                assertEquals("filebalancer", registered.balancer());
                assertEquals(String.valueOf(node.port()), registered.port());
                m.stop();
                m.undeploy();
                assertTrue(proxy.await(() -> proxy.nodes().isEmpty(), WAIT));
            } finally {
                System.clearProperty(ExtensionSettings.FILE_PROPERTY);
            }
            assertOnlyBusyWithoutWorker(log);
        }
    }

    /**
     * The extension sees Undertow's worker only through a request, so a STATUS before the first one finds
     * the busy metric without a value (CLAG4010) and, busy being the only default metric, no value at all
     * (CLAG4012). Nothing else may be warned about.
     */
    private static void assertOnlyBusyWithoutWorker(CapturedLog log) {
        List<String> other = log.atLeast(java.util.logging.Level.WARNING).stream()
                .filter(m -> !(m.startsWith("CLAG4010: load metric 'busy'") || m.startsWith("CLAG4012: "))).toList();
        assertEquals(List.of(), other, "unexpected warnings");
    }

    @Test
    void badPropertiesAreNamedAndTheDeploymentServesUnclustered() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node(); CapturedLog log = CapturedLog.capture()) {
            node.undertow.start();
            DeploymentInfo info = TestApp.info("bad", "/bad")
                    .addInitParameter("clusteragent.proxyList", proxy.address())
                    .addInitParameter("clusteragent.advertise", "false")
                    .addInitParameter("clusteragent.stickySession", "maybe")
                    .addInitParameter("clusteragent.connectorType", "spdy")
                    .addInitParameter("clusteragent.processStatusFrequency", "2")
                    .addInitParameter("clusteragent.proxylist", "x");
            DeploymentManager m = deploy(Servlets.newContainer(), info, node);
            assertEquals(200, node.get("/bad/hello").statusCode());

            String errors = String.join("\n", log.withId("CLAG7001"));
            for (String named : List.of("stickySession=\"maybe\"", "connectorPort is required", "connectorType=\"spdy\"",
                    "processStatusFrequency=\"2\"", "did you mean proxyList")) {
                assertTrue(errors.contains(named), named + " is named in:\n" + errors);
            }
            assertEquals(1, log.withId("CLAG7002").size(), log.messages().toString());
            assertTrue(SharedAgents.nodes().isEmpty());
            assertFalse(node.get("/bad/session").body().contains("."), "no route suffix when unclustered");
            m.stop();
            m.undeploy();
            assertEquals(List.of(), proxy.requests(), "the proxy never heard of this deployment");
        }
    }

    @Test
    void aDisabledDeploymentIsLeftAlone() throws Exception {
        try (Node node = new Node()) {
            node.undertow.start();
            DeploymentManager m = deploy(Servlets.newContainer(),
                    TestApp.info("off", "/off").addInitParameter("clusteragent.enabled", "false"), node);
            assertTrue(SharedAgents.nodes().isEmpty());
            assertEquals(200, node.get("/off/hello").statusCode());
            m.stop();
            m.undeploy();
        }
    }

    static DeploymentInfo configured(DeploymentInfo info, FakeProxy proxy, Node node, String route) {
        return info.addInitParameter("clusteragent.proxyList", proxy.address())
                .addInitParameter("clusteragent.advertise", "false")
                .addInitParameter("clusteragent.jvmRoute", route)
                .addInitParameter("clusteragent.statusInterval", "0.2")
                .addInitParameter("clusteragent.connectorPort", String.valueOf(node.port()))
                .addInitParameter("clusteragent.connectorAddress", "127.0.0.1")
                .addInitParameter("clusteragent.hostAliases", "alias.test")
                .addInitParameter("clusteragent.sessionDrainingStrategy", "NEVER");
    }

    /** What a plain Undertow embedder writes: deploy, mount, start. */
    static DeploymentManager deploy(ServletContainer container, DeploymentInfo info, Node node) throws Exception {
        DeploymentManager m = container.addDeployment(info);
        m.deploy();
        node.paths.addPrefixPath(info.getContextPath(), m.getDeployment().getHandler());
        m.start();
        return m;
    }
}
