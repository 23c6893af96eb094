package org.clusteragent.core.mcmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.clusteragent.core.mcmp.McmpReply.AppReply;
import org.clusteragent.core.mcmp.McmpReply.DumpReply;
import org.clusteragent.core.mcmp.McmpReply.ErrorReply;
import org.clusteragent.core.mcmp.McmpReply.ErrorType;
import org.clusteragent.core.mcmp.McmpReply.InfoReply;
import org.clusteragent.core.mcmp.McmpReply.Malformed;
import org.clusteragent.core.mcmp.McmpReply.NotMcmp;
import org.clusteragent.core.mcmp.McmpReply.Ok;
import org.clusteragent.core.mcmp.McmpReply.PingReply;
import org.clusteragent.core.mcmp.McmpReply.StatusReply;
import org.clusteragent.spi.Connector;
import org.junit.jupiter.api.Test;

/**
 * Replies written out literally as httpd mod_proxy_cluster and Undertow's MCMPHandler
 * (2.3.x) produce them.
 */
class McmpReplyParserTest {

    private static final McmpReplyParser PARSER = new McmpReplyParser();
    private static final StatusRequest STATUS = new StatusRequest("node1", 80);
    private static final AppRequest STOP = AppRequest.of(McmpCommand.STOP_APP, "node1", List.of("localhost"), "/demo");
    private static final AppRequest ENABLE =
            AppRequest.of(McmpCommand.ENABLE_APP, "node1", List.of("localhost"), "/demo");

    private static RawReply ok(String body) {
        return new RawReply(200, "OK", List.of(Map.entry("Content-Type", "text/plain")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static RawReply error(int status, String type, String mess) {
        return new RawReply(status, "Internal Server Error",
                List.of(Map.entry("Version", "0.2.1"), Map.entry("Type", type), Map.entry("Mess", mess),
                        Map.entry("Connection", "close")),
                "<html><body>error</body></html>".getBytes(StandardCharsets.UTF_8));
    }

    // ---- httpd mod_proxy_cluster ----

    @Test
    void httpdConfigIsOk() {
        McmpReply reply = PARSER.parse(ConfigRequest.builder("node1", "h", 80, Connector.Type.HTTP).build(), ok(""));
        assertEquals(new Ok(McmpCommand.CONFIG, ""), reply);
        assertTrue(reply.accepted());
    }

    @Test
    void httpdStatus() {
        assertEquals(new StatusReply("node1", true, OptionalLong.of(1795320964678488L)),
                PARSER.parse(STATUS, ok("Type=STATUS-RSP&JVMRoute=node1&State=OK&id=1795320964678488\n")));
        assertEquals(new StatusReply("node1", false, OptionalLong.of(-1318963571L)),
                PARSER.parse(STATUS, ok("Type=STATUS-RSP&JVMRoute=node1&State=NOTOK&id=-1318963571\n")));
    }

    @Test
    void httpdPingInEachForm() {
        assertEquals(new PingReply("node1", true, OptionalLong.of(1700000000L)),
                PARSER.parse(PingRequest.node("node1"), ok("Type=PING-RSP&JVMRoute=node1&State=OK&id=1700000000\n")));
        assertEquals(new PingReply("", true, OptionalLong.of(1700000000L)),
                PARSER.parse(PingRequest.bare(), ok("Type=PING-RSP&State=OK&id=1700000000\n")));
        assertEquals(new PingReply("", false, OptionalLong.of(1700000000L)),
                PARSER.parse(PingRequest.url("http", "10.0.0.9", 8080),
                        ok("Type=PING-RSP&State=NOTOK&id=1700000000\n")));
    }

    @Test
    void httpdStopAppCountsRequestsInFlight() {
        assertEquals(new AppReply(McmpCommand.STOP_APP, "node1", "localhost", "/demo", OptionalInt.of(2)),
                PARSER.parse(STOP, ok("Type=STOP-APP-RSP&JvmRoute=node1&Alias=localhost&Context=/demo&Requests=2\n")));
    }

    @Test
    void httpdNewlineAppReplyForm() {
        assertEquals(new AppReply(McmpCommand.ENABLE_APP, "node1", "localhost", "/demo", OptionalInt.empty()),
                PARSER.parse(ENABLE, ok("Type=ENABLE-APP-RSP\nJvmRoute=node1\nAlias=localhost Contexts=/demo\n\n")));
    }

    @Test
    void emptyAppRepliesAreOk() {
        assertEquals(new Ok(McmpCommand.ENABLE_APP, ""), PARSER.parse(ENABLE, ok("")));
        AppRequest all = AppRequest.nodeWide(McmpCommand.REMOVE_APP, "node1");
        assertEquals(new Ok(McmpCommand.REMOVE_APP, ""), PARSER.parse(all, ok("")));
    }

    @Test
    void httpdInfoTablesAreJoinedByNodeAndVhost() {
        String body = "Node: [1],Name: node1,Balancer: mycluster,LBGroup: ,Host: 127.0.0.1,Port: 9001,Type: http,"
                + "Flushpackets: Off,Flushwait: 10,Ping: 10,Smax: 26,Ttl: 60,Elected: 0,Read: 0,Transfered: 0,"
                + "Connected: 0,Load: 80\n"
                + "Node: [2],Name: node2,Balancer: mycluster,LBGroup: g1,Host: ::1,Port: 9002,Type: ajp,"
                + "Flushpackets: On,Flushwait: 10,Ping: 10,Smax: 26,Ttl: 60,Elected: 5,Read: 10,Transfered: 0,"
                + "Connected: 0,Load: 1\n"
                + "Vhost: [1:1:1], Alias: localhost\n"
                + "Vhost: [1:1:2], Alias: www.example.com\n"
                + "Vhost: [2:1:3], Alias: localhost\n"
                + "Context: [1:1:1], Context: /demo, Status: ENABLED\n"
                + "Context: [1:1:2], Context: /, Status: STOPPED\n"
                + "Context: [2:1:3], Context: /other, Status: DISABLED\n"
                + "Context: [2:1:4], Context: /gone, Status: REMOVED\n";
        InfoReply info = assertInstanceOf(InfoReply.class, PARSER.parse(new InfoRequest(), ok(body)));
        assertEquals(List.of(new NodeInfo(1, "node1", "mycluster", "", "127.0.0.1", 9001, "http", 80),
                new NodeInfo(2, "node2", "mycluster", "g1", "::1", 9002, "ajp", 1)), info.nodes());
        assertEquals(new VhostInfo(1, 1, 2, "www.example.com"), info.vhosts().get(1));
        assertEquals(List.of(new ContextInfo(1, 1, 1, "/demo", ContextStatus.ENABLED),
                new ContextInfo(1, 1, 2, "/", ContextStatus.STOPPED)), info.contextsOf("node1"));
        assertEquals(List.of("localhost", "www.example.com"), info.aliasesOf(info.contextsOf("node1").get(0)));
        assertEquals(ContextStatus.REMOVED, info.contextsOf("node2").get(1).status());
        assertTrue(info.node("node3").isEmpty());
    }

    @Test
    void emptyInfoMeansEmptyTables() {
        assertEquals(new InfoReply(List.of(), List.of(), List.of()), PARSER.parse(new InfoRequest(), ok("")));
    }

    @Test
    void httpdErrors() {
        ErrorReply unknown = assertInstanceOf(ErrorReply.class,
                PARSER.parse(STATUS, error(500, "MEM", "MEM: Can't read node with \"nodeX\" JVMRoute")));
        assertEquals(ErrorType.MEM, unknown.type());
        assertTrue(unknown.nodeUnknown());
        assertFalse(unknown.nodeConflict());
        assertFalse(unknown.accepted());

        ErrorReply conflict = assertInstanceOf(ErrorReply.class, PARSER.parse(
                ConfigRequest.builder("n5", "h", 80, "http").build(),
                error(500, "MEM", "MEM: Node with \"n5\" JVMRoute already exists")));
        assertTrue(conflict.nodeConflict());
        assertFalse(conflict.nodeUnknown());

        assertEquals(new ErrorReply(500, ErrorType.SYNTAX, "SYNTAX: JVMRoute field too big"),
                PARSER.parse(STATUS, error(500, "SYNTAX", "SYNTAX: JVMRoute field too big")));
        assertEquals(ErrorType.GENERAL, ((ErrorReply) PARSER.parse(STATUS, error(500, "GENERAL", "x"))).type());
        assertEquals(ErrorType.UNKNOWN, ((ErrorReply) PARSER.parse(STATUS, error(500, "WEIRD", "x"))).type());
    }

    @Test
    void replyWithoutMcmpHeadersIsNotMcmp() {
        RawReply notImplemented = new RawReply(501, "Not Implemented", List.of(Map.entry("Content-Length", "0")),
                new byte[0]);
        assertEquals(new NotMcmp(501, "Not Implemented"), PARSER.parse(STATUS, notImplemented));
        assertEquals(new NotMcmp(404, "Not Found"),
                PARSER.parse(new InfoRequest(), new RawReply(404, "Not Found", List.of(), "<html/>".getBytes())));
        assertEquals(new NotMcmp(500, "Internal Server Error"), PARSER.parse(STATUS,
                new RawReply(500, "Internal Server Error", List.of(), new byte[0])));
    }

    // ---- Undertow io.undertow.server.handlers.proxy.mod_cluster.MCMPHandler ----

    @Test
    void undertowStatusOrdersStateBeforeRoute() {
        assertEquals(new StatusReply("node1", true, OptionalLong.of(1732252000123L)),
                PARSER.parse(STATUS, ok("Type=STATUS-RSP&State=OK&JVMRoute=node1&id=1732252000123")));
        assertEquals(new StatusReply("node1", false, OptionalLong.of(1732252000123L)),
                PARSER.parse(STATUS, ok("Type=STATUS-RSP&State=NOTOK&JVMRoute=node1&id=1732252000123")));
    }

    @Test
    void undertowPingNeverEchoesTheRoute() {
        assertEquals(new PingReply("", true, OptionalLong.of(1732252000123L)),
                PARSER.parse(PingRequest.node("node1"), ok("Type=PING-RSP&State=OK&id=1732252000123")));
        assertEquals(new PingReply("", false, OptionalLong.of(1732252000123L)),
                PARSER.parse(PingRequest.node("node1"), ok("Type=PING-RSP&State=NOTOK&id=1732252000123")));
    }

    @Test
    void undertowStopAppRunsItsFieldsTogether() {
        AppRequest stop = AppRequest.of(McmpCommand.STOP_APP, "node1", List.of("localhost", "www.example.com"),
                "/demo");
        assertEquals(new AppReply(McmpCommand.STOP_APP, "node1", "localhost,www.example.com", "/demo",
                        OptionalInt.of(3)),
                PARSER.parse(stop, ok("Type=STOP-APP-RSP,JvmRoute=node1Alias=localhost,www.example.comContext=/demo"
                        + "Requests=3")));
        assertEquals(new AppReply(McmpCommand.STOP_APP, "node1", "localhost", "/", OptionalInt.of(0)),
                PARSER.parse(stop, ok("Type=STOP-APP-RSP,JvmRoute=node1Alias=localhostContext=/Requests=0")));
    }

    @Test
    void undertowInfo() {
        String body = "Node: [1],Name: node1,Balancer: mycluster,LBGroup: ,Host: 127.0.0.1,Port: 8080,Type: http,"
                + "Flushpackets: Off,Flushwait: 10,Ping: 10,Smax: 1,Ttl: 60,Elected: 0,Read: 0,Transfered: 0,"
                + "Connected: 0,Load: 100\n"
                + "Node: [2],Name: node2,Balancer: mycluster,LBGroup: ,Host: [::1],Port: 8081,Type: http,"
                + "Flushpackets: Off,Flushwait: 10,Ping: 10,Smax: 1,Ttl: 60,Elected: 0,Read: 0,Transfered: 0,"
                + "Connected: 0,Load: -1\n"
                + "Vhost: [1:1:-1], Alias: localhost\n"
                + "Vhost: [1:1:-1], Alias: 127.0.0.1\n"
                + "Context: [1:1:2], Context: /demo, Status: ENABLED\n";
        InfoReply info = assertInstanceOf(InfoReply.class, PARSER.parse(new InfoRequest(), ok(body)));
        assertEquals(new NodeInfo(2, "node2", "mycluster", "", "::1", 8081, "http", -1), info.nodes().get(1));
        assertEquals(new VhostInfo(1, 1, -1, "127.0.0.1"), info.vhosts().get(1));
        ContextInfo demo = info.contextsOf("node1").get(0);
        assertEquals(new ContextInfo(1, 1, 2, "/demo", ContextStatus.ENABLED), demo);
        assertEquals(List.of("localhost", "127.0.0.1"), info.aliasesOf(demo));
    }

    @Test
    void undertowErrorHasNoRouteInItsMessage() {
        ErrorReply e = assertInstanceOf(ErrorReply.class, PARSER.parse(STATUS, error(500, "MEM",
                "MEM: Can't read node")));
        assertTrue(e.nodeUnknown());
    }

    // ---- malformed and garbage ----

    @Test
    void wrongOrBrokenBodiesAreMalformed() {
        assertInstanceOf(Malformed.class, PARSER.parse(STATUS, ok("Type=PING-RSP&State=OK&id=1")));
        assertInstanceOf(Malformed.class, PARSER.parse(STATUS, ok("Type=STATUS-RSP&JVMRoute=n&State=MAYBE&id=1")));
        assertInstanceOf(Malformed.class, PARSER.parse(STATUS, ok("Type=STATUS-RSP&JVMRoute=n&State=OK&id=abc")));
        assertInstanceOf(Malformed.class, PARSER.parse(STATUS, ok("")));
        assertInstanceOf(Malformed.class, PARSER.parse(STOP, ok("Type=STOP-APP-RSP&Requests=many")));
        assertInstanceOf(Malformed.class, PARSER.parse(STOP, ok("<html>It works!</html>")));
        assertInstanceOf(Malformed.class, PARSER.parse(new InfoRequest(), ok("<html>It works!</html>")));
        assertInstanceOf(Malformed.class, PARSER.parse(new InfoRequest(),
                ok("Context: [1:1:x], Context: /demo, Status: ENABLED\n")));
        assertInstanceOf(Malformed.class, PARSER.parse(new InfoRequest(),
                ok("Context: [1:1:1], Context: /demo, Status: SLEEPING\n")));
        Malformed m = assertInstanceOf(Malformed.class, PARSER.parse(new InfoRequest(), ok("Node: [1],Name: n\n")));
        assertEquals("Node: [1],Name: n\n", m.body());
    }

    @Test
    void dumpIsKeptAsText() {
        assertEquals(new DumpReply("balancer: [1] Name: mycluster\n"),
                PARSER.parse(new DumpRequest(), ok("balancer: [1] Name: mycluster\n")));
    }

    @Test
    void garbageNeverThrows() {
        List<McmpRequest> requests = List.of(STATUS, STOP, ENABLE, new InfoRequest(), new DumpRequest(),
                PingRequest.bare(), ConfigRequest.builder("n", "h", 1, "http").build());
        String[] fragments = {"Type=", "STATUS-RSP", "STOP-APP-RSP", "PING-RSP", "&", "=", "\n", "State=OK",
            "JvmRoute=", "Alias=", "Context=", "Contexts=", "Requests=", "id=", "Node: [", "Vhost: [", "Context: [",
            "]", ":", ",", ", Status: ", "Name: ", "Port: ", "99999999999999999999", "-", "\u00e9", " "};
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] body;
            if (random.nextBoolean()) {
                body = new byte[random.nextInt(64)];
                random.nextBytes(body);
            } else {
                StringBuilder b = new StringBuilder();
                for (int j = random.nextInt(12); j > 0; j--) {
                    b.append(fragments[random.nextInt(fragments.length)]);
                }
                body = b.toString().getBytes(StandardCharsets.UTF_8);
            }
            int status = random.nextInt(10) < 7 ? 200 : 100 + random.nextInt(500);
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            if (random.nextBoolean()) {
                headers.add(Map.entry(random.nextBoolean() ? "Type" : "type", new String(body,
                        StandardCharsets.ISO_8859_1)));
            }
            RawReply raw = new RawReply(status, "?", headers, body);
            McmpRequest request = requests.get(random.nextInt(requests.size()));
            McmpReply reply = PARSER.parse(request, raw);
            assertNotNull(reply);
            if (status != 200) {
                assertFalse(reply.accepted(), reply.toString());
            }
        }
    }
}
