package org.clusteragent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeContext;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeHost;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent driven through an in-memory container against the fake proxy, over real sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterAgentTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeProxy proxy;
    private final List<ClusterAgent> agents = new ArrayList<>();
    private FakeServer server;
    private FakeEngine engine;
    private FakeHost host;
    private FakeContext demo;

    @BeforeEach
    void setUp() {
        proxy = FakeProxy.start();
        server = new FakeServer();
        engine = server.engine("Catalina").jvmRoute("node1");
        engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
        host = engine.host("localhost", "www.example.com");
        demo = host.context("/demo");
    }

    @AfterEach
    void tearDown() {
        agents.forEach(ClusterAgent::shutdown);
        proxy.close();
    }

    private ClusterAgent agent(String... keyValues) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("proxyList", proxy.host() + ":" + proxy.port());
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        ClusterAgent agent = ClusterAgent.builder().properties(props).loadProvider(new FixedLoad(80))
                .discoveries(List.of()).registerMBean(false).build();
        agents.add(agent);
        return agent;
    }

    private List<String> methods() {
        List<String> methods = new ArrayList<>();
        for (RecordedRequest r : proxy.requests()) {
            methods.add(r.method() + (r.nodeWide() ? " /*" : "") + (r.parameter("Context") != null ? " " + r.parameter("Context") : ""));
        }
        return methods;
    }

    @Test
    void startSendsConfigThenEnableThenStatusAtOnce() throws Exception {
        host.context("").started(true);
        host.context("/notyet").started(false);
        ClusterAgent agent = agent();
        agent.init(server);
        long t0 = System.nanoTime();
        agent.start(server);
        proxy.awaitContext("node1", "/", Status.ENABLED, WAIT);
        assertTrue(proxy.await(() -> methods().contains("STATUS"), WAIT));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(List.of("CONFIG", "ENABLE-APP /demo", "ENABLE-APP /", "STATUS"), methods());
        RecordedRequest config = proxy.requests().get(0);
        assertEquals("127.0.0.1", config.parameter("Host"));
        assertEquals("8080", config.parameter("Port"));
        assertEquals("http", config.parameter("Type"));
        // httpd's own default is on, under which a draining node's sticky clients get 503
        assertEquals("No", config.parameter("StickySessionForce"));
        assertEquals("localhost,www.example.com", proxy.requests().get(1).parameter("Alias"));
        assertEquals("80", proxy.requests().get(3).parameter("Load"));
        assertTrue(millis < 5000, "registration took " + millis + " ms");
    }

    @Test
    void contextLifecycleAfterStart() throws Exception {
        ClusterAgent agent = agent();
        agent.start(server);
        proxy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
        FakeContext late = host.context("/late");
        agent.add(late);
        agent.start(late);
        proxy.awaitContext("node1", "/late", Status.ENABLED, WAIT);
        agent.stop(late);
        assertEquals(Status.STOPPED, proxy.context("node1", "/late").orElseThrow().status());
        agent.remove(late);
        assertTrue(proxy.await(() -> proxy.context("node1", "/late").map(c -> c.status() == Status.REMOVED).orElse(true), WAIT),
                "REMOVE-APP reached the proxy: " + proxy.context("node1", "/late"));
        assertEquals(Status.ENABLED, proxy.context("node1", "/demo").orElseThrow().status());
    }

    @Test
    void excludedContextsAreNeverSent() throws Exception {
        host.context("").started(true);
        host.context("/admin");
        ClusterAgent agent = agent("excludedContexts", "ROOT,localhost:admin");
        agent.start(server);
        assertTrue(proxy.await(() -> methods().contains("STATUS"), WAIT));
        FakeContext more = host.context("/admin2");
        agent.start(more);
        proxy.awaitContext("node1", "/admin2", Status.ENABLED, WAIT);
        assertEquals(List.of("CONFIG", "ENABLE-APP /demo", "STATUS", "ENABLE-APP /admin2"), methods());
    }

    @Test
    void autoEnableOffRegistersDisabled() throws Exception {
        ClusterAgent agent = agent("autoEnableContexts", "false");
        agent.start(server);
        proxy.awaitContext("node1", "/demo", Status.DISABLED, WAIT);
        assertFalse(methods().contains("ENABLE-APP /demo"));
    }

    @Test
    void proxyRestartIsDetectedFromStatusIdAndEverythingIsReplayed() throws Exception {
        ClusterAgent agent = agent();
        agent.start(server);
        proxy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
        proxy.restart();
        assertTrue(proxy.nodes().isEmpty());
        agent.status(engine);
        proxy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
        assertNotNull(proxy.awaitNode("node1", WAIT));
    }

    @Test
    void aProxyThatForgetsTheNodeButKeepsItsIdIsFoundByTheIdleProbe() throws Exception {
        // STATUS far away, so only the probe can notice within the wait
        ClusterAgent agent = agent("statusInterval", "600", "probeInterval", "0.2");
        agent.start(server);
        proxy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
        assertTrue(proxy.await(() -> methods().contains("STATUS"), WAIT));
        long id = proxy.id();
        proxy.clearRequests();
        proxy.gracefulRestart();
        assertTrue(proxy.node("node1").isEmpty());
        proxy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
        assertEquals(id, proxy.id(), "a graceful restart keeps the id: only a named PING can tell");
        List<String> m = methods();
        assertEquals("PING", m.get(0), m.toString());
        assertEquals("node1", proxy.requests().get(0).parameter("JVMRoute"), "the probe names the node");
        assertTrue(m.indexOf("CONFIG") < m.indexOf("ENABLE-APP /demo"), m.toString());
    }

    @Test
    void memCantReadNodeTriggersReplay() throws Exception {
        ClusterAgent agent = agent();
        agent.start(server);
        proxy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
        assertTrue(proxy.await(() -> methods().contains("STATUS"), WAIT));
        proxy.clearRequests();
        proxy.failNext("STATUS", "MEM", "Can't read node with \"node1\" JVMRoute");
        agent.status(engine);
        assertTrue(proxy.await(() -> methods().contains("CONFIG") && methods().contains("ENABLE-APP /demo")
                && methods().lastIndexOf("STATUS") > methods().indexOf("CONFIG"), WAIT), methods().toString());
    }

    @Test
    void proxyAddedAtRunTimeIsToldEverything() throws Exception {
        ClusterAgent agent = agent();
        agent.start(server);
        try (FakeProxy second = FakeProxy.start()) {
            org.clusteragent.spi.ProxyAddress added = new org.clusteragent.spi.ProxyAddress(second.host(), second.port(), false);
            agent.proxyRegistry().orElseThrow().add(added);
            second.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
            assertTrue(second.await(() -> second.requests().stream().anyMatch(r -> r.method().equals("STATUS")), WAIT));
            // Taken off before the fake goes away, which would otherwise be an outage (CLAG1101) of a proxy still listed.
            assertTrue(agent.proxyRegistry().orElseThrow().remove(added));
        }
    }

    @Test
    void unavailableConnectorReportsMinusOne() throws Exception {
        FakeEngine e2 = new FakeServer().engine("x");
        ClusterAgent agent = agent();
        agent.start(server);
        try (CapturedLog log = CapturedLog.capture()) {
            ((org.clusteragent.spi.testing.FakeConnector) engine.connectors().get(0)).available(false);
            agent.status(engine);
            assertTrue(proxy.await(() -> proxy.requests().stream()
                    .anyMatch(r -> r.method().equals("STATUS") && "-1".equals(r.parameter("Load"))), WAIT));
            assertEquals("CLAG2010: the connector of node node1 is not available; reporting load -1", log.one("CLAG2010"));
        }
        assertNotNull(e2);
    }

    @Test
    void serverStopDrainsThenRemovesNodeAndLeavesNoThread() throws Exception {
        ClusterAgent agent = agent("stopContextTimeout", "5");
        agent.start(server);
        proxy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
        demo.requests.set(2);
        Thread finisher = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            demo.requests.set(0);
        });
        finisher.start();
        long t0 = System.nanoTime();
        agent.stop(server);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(millis >= 250 && millis < 4000, "stop waited for the in-flight requests only: " + millis + " ms");
        List<String> m = methods();
        assertTrue(m.indexOf("DISABLE-APP /demo") < m.indexOf("STOP-APP /demo"), m.toString());
        assertEquals("REMOVE-APP /*", m.get(m.size() - 1), m.toString());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive()
                && t.getName().startsWith("clusteragent-") && !t.getName().startsWith("clusteragent-fakeproxy")),
                "agent threads left: " + Thread.getAllStackTraces().keySet());
    }

    @Test
    void infoDriftIsRepairedEveryRepairIntervalTicks() throws Exception {
        ClusterAgent agent = agent("repairInterval", "2");
        agent.start(server);
        proxy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
        assertTrue(proxy.await(() -> methods().contains("STATUS"), WAIT));
        // someone else (an operator, a bug) changes the proxy behind the agent's back
        rawRequest("DISABLE-APP", "JVMRoute=node1&Alias=localhost%2Cwww.example.com&Context=%2Fdemo");
        proxy.awaitContext("node1", "/demo", Status.DISABLED, WAIT);
        proxy.clearRequests();
        try (CapturedLog log = CapturedLog.capture()) {
            agent.status(engine);
            agent.status(engine);
            proxy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
            assertTrue(log.one("CLAG2008").contains("context localhost/demo is DISABLED, expected ENABLED"), log.toString());
        }
        List<String> m = methods();
        // two ticks queued together may go out as one STATUS with the newer load
        long statuses = m.stream().filter("STATUS"::equals).count();
        assertTrue(statuses == 1 || statuses == 2, m.toString());
        assertEquals(List.of("INFO", "ENABLE-APP /demo"), m.subList((int) statuses, m.size()),
                "only the difference is sent");
    }

    @Test
    void aStateChangeWhileInfoIsInFlightIsNotMistakenForDrift() throws Exception {
        ClusterAgent agent = agent("repairInterval", "1");
        agent.start(server);
        proxy.awaitContext("node1", "/demo", Status.ENABLED, WAIT);
        assertTrue(proxy.await(() -> methods().contains("STATUS"), WAIT));
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        proxy.reply("INFO", request -> {
            // an operator disables the context while the proxy is answering INFO: the INFO is stale
            if (once.compareAndSet(false, true)) {
                agent.contexts().set("localhost", "/demo", org.clusteragent.core.agent.AppState.DISABLED);
            }
            return null; // the proxy's own answer (still ENABLED: DISABLE-APP is queued behind INFO)
        });
        proxy.clearRequests();
        agent.status(engine);
        proxy.awaitContext("node1", "/demo", Status.DISABLED, WAIT);
        agent.status(engine); // a later round with a fresh INFO finds nothing to repair
        assertTrue(proxy.await(() -> methods().stream().filter("INFO"::equals).count() == 2, WAIT), methods().toString());
        proxy.reply("INFO", null);
        Thread.sleep(200);
        assertEquals(1, methods().stream().filter(m -> m.startsWith("DISABLE-APP")).count(),
                "the stale INFO caused no repair: " + methods());
        assertEquals(Status.DISABLED, proxy.context("node1", "/demo").orElseThrow().status());
    }

    private void rawRequest(String method, String body) throws Exception {
        try (java.net.Socket s = new java.net.Socket(proxy.host(), proxy.port())) {
            String request = method + " / HTTP/1.1\r\nHost: " + proxy.host() + ":" + proxy.port()
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body;
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.getInputStream().readAllBytes();
        }
    }
}
