package org.clusteragent.core.fakeproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fake proxy's MCMP behaviour (tables, replies, httpd's error messages) and its scripted faults. */
@Timeout(30)
class FakeProxyMcmpTest {
    private static final String CONFIG = "JVMRoute=node1&Host=127.0.0.1&Port=8080&Type=http&Balancer=mycluster"
            + "&StickySessionForce=No&ping=5";
    private static final String DEMO = "JVMRoute=node1&Alias=localhost%2Cdemo.example.com&Context=%2Fdemo";

    private FakeProxy proxy;
    private RawHttp client;

    @BeforeEach
    void start() throws IOException {
        proxy = FakeProxy.start();
        client = RawHttp.connect(proxy);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        proxy.close();
    }

    private RawHttp.Response send(String method, String path, String body) throws IOException {
        return client.exchange(method, path, body);
    }

    /** Errors close the connection, so each one gets a fresh client. */
    private RawHttp.Response sendExpectingError(String method, String path, String body) throws IOException {
        RawHttp.Response r = send(method, path, body);
        assertEquals(500, r.status(), r.raw());
        assertEquals("close", r.header("Connection"));
        assertTrue(r.body().contains("<html>"));
        assertTrue(client.closedByPeer());
        client.close();
        client = RawHttp.connect(proxy);
        return r;
    }

    private void assertMcmpError(RawHttp.Response r, String type, String mess) {
        assertEquals(type, r.header("Type"), r.raw());
        assertEquals(mess, r.header("Mess"), r.raw());
    }

    @Test
    void configStoresTheNodeWithEveryParameter() throws Exception {
        RawHttp.Response r = send("CONFIG", "/", CONFIG);
        assertEquals(200, r.status());
        assertEquals("", r.body());
        NodeState node = proxy.node("node1").orElseThrow();
        assertEquals("127.0.0.1", node.host());
        assertEquals("8080", node.port());
        assertEquals("http", node.type());
        assertEquals("mycluster", node.balancer());
        assertEquals("No", node.param("stickysessionforce"));
        assertEquals(7, node.config().size());
        assertEquals(OptionalInt.empty(), node.load());
    }

    @Test
    void identicalConfigKeepsContextsButConflictingConfigIsRejected() throws Exception {
        send("CONFIG", "/", CONFIG);
        send("ENABLE-APP", "/", DEMO);
        assertEquals(200, send("CONFIG", "/", CONFIG).status());
        assertEquals(Status.ENABLED, proxy.context("node1", "/demo").orElseThrow().status());
        RawHttp.Response r = sendExpectingError("CONFIG", "/", "JVMRoute=node1&Host=127.0.0.1&Port=9090&Type=http");
        assertMcmpError(r, "MEM", "MEM: Node with \"node1\" JVMRoute already exists");
        assertEquals("8080", proxy.node("node1").orElseThrow().port());
    }

    @Test
    void appCommandsMoveTheContextAndReplyInHttpdsWords() throws Exception {
        send("CONFIG", "/", CONFIG);
        RawHttp.Response enable = send("ENABLE-APP", "/", DEMO);
        assertEquals("Type=ENABLE-APP-RSP\nJvmRoute=node1\nAlias=localhost,demo.example.com Contexts=/demo\n\n",
                enable.body());
        assertEquals("text/plain", enable.header("Content-Type"));
        ContextStatus ctx = proxy.context("node1", "/demo").orElseThrow();
        assertEquals(new ContextStatus("node1", "/demo", Status.ENABLED, List.of("localhost", "demo.example.com")),
                ctx);
        assertEquals("Type=DISABLE-APP-RSP\nJvmRoute=node1\nAlias=localhost,demo.example.com Contexts=/demo\n\n",
                send("DISABLE-APP", "/", DEMO).body());
        assertEquals(Status.DISABLED, proxy.context("node1", "/demo").orElseThrow().status());
        AtomicInteger draining = new AtomicInteger(3);
        proxy.setInFlight("node1", "/demo", draining::getAndDecrement);
        assertEquals("Type=STOP-APP-RSP&JvmRoute=node1&Alias=localhost,demo.example.com&Context=/demo&Requests=3\n",
                send("STOP-APP", "/", DEMO).body());
        assertTrue(send("STOP-APP", "/", DEMO).body().endsWith("&Requests=2\n"));
        assertEquals(Status.STOPPED, proxy.context("node1", "/demo").orElseThrow().status());
        send("REMOVE-APP", "/", DEMO);
        assertEquals(Status.REMOVED, proxy.context("node1", "/demo").orElseThrow().status());
        assertTrue(proxy.info().lines().noneMatch(l -> l.startsWith("Context:")), proxy.info());
    }

    @Test
    void nodeWideCommandsApplyToEveryContextAndRemoveForgetsTheNode() throws Exception {
        send("CONFIG", "/", CONFIG);
        send("ENABLE-APP", "/", DEMO);
        send("ENABLE-APP", "/", "JVMRoute=node1&Alias=localhost&Context=%2F");
        assertEquals(200, send("DISABLE-APP", "/*", "JVMRoute=node1").status());
        assertEquals(Status.DISABLED, proxy.context("node1", "/demo").orElseThrow().status());
        assertEquals(Status.DISABLED, proxy.context("node1", "/").orElseThrow().status());
        assertEquals(List.of("localhost", "demo.example.com"), proxy.context("node1", "/").orElseThrow().aliases(),
                "one virtual host: the aliases overlap");
        send("STOP-APP", "/*", "JVMRoute=node1");
        assertEquals(Status.STOPPED, proxy.context("node1", "/").orElseThrow().status());
        send("REMOVE-APP", "/*", "JVMRoute=node1");
        assertTrue(proxy.node("node1").isEmpty());
        assertMcmpError(sendExpectingError("ENABLE-APP", "/", DEMO), "MEM",
                "MEM: Can't read node with \"node1\" JVMRoute");
    }

    @Test
    void infoListsNodesAliasesAndContexts() throws Exception {
        send("CONFIG", "/", CONFIG);
        send("STATUS", "/", "JVMRoute=node1&Load=80");
        send("ENABLE-APP", "/", DEMO);
        send("DISABLE-APP", "/", "JVMRoute=node1&Alias=localhost&Context=%2Fother");
        String info = send("INFO", "/", "").body();
        List<String> lines = info.lines().toList();
        assertEquals(5, lines.size(), info);
        assertTrue(lines.get(0).startsWith("Node: [0],Name: node1,Balancer: mycluster,LBGroup: ,Host: 127.0.0.1,"
                + "Port: 8080,Type: http,"), info);
        assertTrue(lines.get(0).endsWith(",Ping: 5,Smax: 1,Ttl: 60,Elected: 0,Read: 0,Transfered: 0,Connected: 0,"
                + "Load: 80"), info);
        assertEquals("Vhost: [0:1:0], Alias: localhost", lines.get(1));
        assertEquals("Vhost: [0:1:1], Alias: demo.example.com", lines.get(2));
        assertEquals("Context: [0:1:2], Context: /demo, Status: ENABLED", lines.get(3));
        assertEquals("Context: [0:1:3], Context: /other, Status: DISABLED", lines.get(4));
        assertTrue(send("DUMP", "/*", "").body().contains("JVMRoute: node1"));
    }

    @Test
    void statusStoresLoadAndAnswersWithTheProxyId() throws Exception {
        send("CONFIG", "/", CONFIG);
        assertEquals("Type=STATUS-RSP&JVMRoute=node1&State=OK&id=" + proxy.id(),
                send("STATUS", "/", "JVMRoute=node1&Load=-1").body());
        assertEquals(OptionalInt.of(-1), proxy.node("node1").orElseThrow().load());
        proxy.nodeHealthy("node1", false);
        assertTrue(send("STATUS", "/", "JVMRoute=node1&Load=0").body().contains("&State=NOTOK&"));
        assertEquals(2, proxy.node("node1").orElseThrow().statusCount());
        assertMcmpError(sendExpectingError("STATUS", "/", "JVMRoute=node1&Load=101"), "SYNTAX",
                "SYNTAX: Invalid Load value \"101\"");
        assertMcmpError(sendExpectingError("STATUS", "/", "JVMRoute=node2&Load=1"), "MEM",
                "MEM: Can't read node with \"node2\" JVMRoute");
    }

    @Test
    void pingAnswersInEachForm() throws Exception {
        assertEquals("Type=PING-RSP&State=OK&id=" + proxy.id(), send("PING", "/", "").body());
        assertEquals("Type=PING-RSP&State=OK&id=" + proxy.id(),
                send("PING", "/", "Scheme=http&Host=127.0.0.1&Port=8080").body());
        send("CONFIG", "/", CONFIG);
        assertEquals("Type=PING-RSP&JVMRoute=node1&State=OK&id=" + proxy.id(),
                send("PING", "/", "JVMRoute=node1").body());
    }

    @Test
    void syntaxErrorsUseHttpdMessages() throws Exception {
        send("CONFIG", "/", CONFIG);
        assertMcmpError(sendExpectingError("ENABLE-APP", "/", "JVMRoute=node1&Alias=localhost"), "SYNTAX",
                "SYNTAX: Alias without Context");
        assertMcmpError(sendExpectingError("ENABLE-APP", "/", "JVMRoute=node1&Context=%2F"), "SYNTAX",
                "SYNTAX: Context without Alias");
        assertMcmpError(sendExpectingError("CONFIG", "/", "JVMRoute=" + "r".repeat(64)), "SYNTAX",
                "SYNTAX: JVMRoute field too big");
        assertMcmpError(sendExpectingError("CONFIG", "/", "JVMRoute=n&Host=" + "h".repeat(64)), "SYNTAX",
                "SYNTAX: Host field too big");
        assertMcmpError(sendExpectingError("CONFIG", "/", "JVMRoute=n&Port=1234567"), "SYNTAX",
                "SYNTAX: Port field too big");
        assertMcmpError(sendExpectingError("ENABLE-APP", "/", "JVMRoute=node1&Alias=localhost&Context=%2F"
                + "c".repeat(79)), "SYNTAX", "SYNTAX: Context field too big");
        assertMcmpError(sendExpectingError("ENABLE-APP", "/", "JVMRoute=node1&Alias=" + "a".repeat(255)
                + "&Context=%2F"), "SYNTAX", "SYNTAX: Alias field too big");
        assertMcmpError(sendExpectingError("CONFIG", "/", "JVMRoute=n&Colour=blue"), "SYNTAX",
                "SYNTAX: Invalid field \"Colour\" in message");
        assertMcmpError(sendExpectingError("STATUS", "/", "Load=1"), "SYNTAX", "SYNTAX: JVMRoute can't be empty");
        assertEquals(1, proxy.nodes().size(), "no rejected CONFIG created a node");
    }

    @Test
    void failNextFailsOnceAndFailAlwaysUntilStopped() throws Exception {
        proxy.failNext("config", "GENERAL", "GENERAL: busy");
        assertMcmpError(sendExpectingError("CONFIG", "/", CONFIG), "GENERAL", "GENERAL: busy");
        assertTrue(proxy.node("node1").isEmpty(), "a failed command changes nothing");
        assertEquals(200, send("CONFIG", "/", CONFIG).status());
        proxy.failAlways("STATUS", "MEM", "MEM: Can't read node with \"node1\" JVMRoute");
        sendExpectingError("STATUS", "/", "JVMRoute=node1&Load=1");
        sendExpectingError("STATUS", "/", "JVMRoute=node1&Load=1");
        proxy.stopFailing("STATUS");
        assertEquals(200, send("STATUS", "/", "JVMRoute=node1&Load=1").status());
    }

    @Test
    void scriptedRepliesReplaceTheDefaultUnlessTheyReturnNull() throws Exception {
        proxy.reply("PING", r -> r.parameter("JVMRoute") == null ? null
                : new ScriptedReply(503, "Service Unavailable", List.of(Map.entry("X-Test", "yes")), "busy", false,
                false));
        RawHttp.Response scripted = send("PING", "/", "JVMRoute=anything");
        assertEquals(503, scripted.status());
        assertEquals("yes", scripted.header("X-Test"));
        assertEquals("busy", scripted.body());
        assertEquals(200, send("PING", "/", "").status(), "null falls back to the proxy");
        proxy.reply("PING", null);
        assertEquals(500, send("PING", "/", "JVMRoute=anything").status());
    }

    @Test
    void awaitHelpersWaitForStateAndReportWhatTheProxyKnows() throws Exception {
        Thread worker = new Thread(() -> {
            try (RawHttp c = RawHttp.connect(proxy)) {
                c.exchange("CONFIG", "/", CONFIG);
                c.exchange("ENABLE-APP", "/", DEMO);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        worker.start();
        assertEquals("8080", proxy.awaitNode("node1", Duration.ofSeconds(10)).port());
        assertEquals(Status.ENABLED,
                proxy.awaitContext("node1", "/demo", Status.ENABLED, Duration.ofSeconds(10)).status());
        worker.join();
        AssertionError e = assertThrows(AssertionError.class,
                () -> proxy.awaitContext("node1", "/demo", Status.STOPPED, Duration.ofMillis(100)));
        assertTrue(e.getMessage().contains("Context: [0:1:2], Context: /demo, Status: ENABLED"), e.getMessage());
        assertNull(proxy.node("nobody").orElse(null));
    }
}
