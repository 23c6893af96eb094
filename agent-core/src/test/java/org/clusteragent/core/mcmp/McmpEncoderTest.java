package org.clusteragent.core.mcmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.clusteragent.spi.Connector;
import org.junit.jupiter.api.Test;

/**
 * Byte-for-byte golden tests: every expected request is written out literally, never computed (the header
 * block shared by most of them is one literal constant).
 */
class McmpEncoderTest {

    private static final McmpEncoder ENCODER = new McmpEncoder("clusteragent/test");
    private static final RequestTarget PROXY = new RequestTarget("127.0.0.1", 6666, "");
    /** The headers every request with a body to {@link #PROXY} carries, before its Content-Length. */
    private static final String FORM_TO_PROXY = "Host: 127.0.0.1:6666\r\n"
            + "User-Agent: clusteragent/test\r\n"
            + "Connection: Keep-Alive\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n";
    /** The four application commands and, at the same index, their method names on the wire. */
    private static final McmpCommand[] APP_COMMANDS = {McmpCommand.ENABLE_APP, McmpCommand.DISABLE_APP,
        McmpCommand.STOP_APP, McmpCommand.REMOVE_APP};
    private static final String[] APP_METHODS = {"ENABLE-APP", "DISABLE-APP", "STOP-APP", "REMOVE-APP"};

    private static void assertWire(String expected, byte[] actual) {
        // ISO-8859-1 maps every byte to one char, so this compares the exact bytes.
        assertEquals(expected, new String(actual, StandardCharsets.ISO_8859_1));
    }

    @Test
    void configMinimal() {
        ConfigRequest config = ConfigRequest.builder("node1", "127.0.0.1", 8080, Connector.Type.HTTP).build();
        assertWire("CONFIG / HTTP/1.1\r\n"
                + FORM_TO_PROXY
                + "Content-Length: 49\r\n"
                + "\r\n"
                + "JVMRoute=node1&Host=127.0.0.1&Port=8080&Type=http", ENCODER.encode(config, PROXY));
    }

    @Test
    void configWithEveryOption() {
        ConfigRequest config = ConfigRequest.builder("node1", "10.0.0.5", 8009, Connector.Type.AJP)
                .balancer("mycluster").domain("dom1").stickySession(false).stickySessionCookie("JSESSIONID")
                .stickySessionPath("jsessionid").stickySessionRemove(true).stickySessionForce(false)
                .waitWorker(5).maxAttempts(3).flushPackets(true).flushWait(10).ping(10).smax(20).ttl(60)
                .timeout(30).reversed(true).build();
        assertWire("CONFIG / HTTP/1.1\r\n"
                + FORM_TO_PROXY
                + "Content-Length: 305\r\n"
                + "\r\n"
                + "JVMRoute=node1&Host=10.0.0.5&Port=8009&Type=ajp&Balancer=mycluster&Domain=dom1"
                + "&StickySession=No&StickySessionCookie=JSESSIONID&StickySessionPath=jsessionid"
                + "&StickySessionRemove=Yes&StickySessionForce=No&WaitWorker=5&Maxattempts=3&flushpackets=On"
                + "&flushwait=10&ping=10&smax=20&ttl=60&Timeout=30&Reversed=true", ENCODER.encode(config, PROXY));
    }

    @Test
    void configDefaultsSendNothingOptionalAndForceYesOnlyWhenSet() {
        ConfigRequest config = ConfigRequest.builder("node1", "app.example.com", 8443, "https")
                .stickySession(true).stickySessionRemove(false).flushPackets(false).reversed(false)
                .stickySessionForce(true).build();
        assertWire("CONFIG / HTTP/1.1\r\n"
                + FORM_TO_PROXY
                + "Content-Length: 79\r\n"
                + "\r\n"
                + "JVMRoute=node1&Host=app.example.com&Port=8443&Type=https&StickySessionForce=Yes",
                ENCODER.encode(config, PROXY));
    }

    @Test
    void ipv6NodeHostLosesBracketsAndZoneAndProxyHostHeaderGetsBrackets() {
        ConfigRequest config = ConfigRequest.builder("node1", "[fe80::1%eth0]", 8080, Connector.Type.HTTP).build();
        assertEquals("fe80::1", config.host());
        assertWire("CONFIG / HTTP/1.1\r\n"
                + "Host: [fe80::2]:6666\r\n"
                + "User-Agent: clusteragent/test\r\n"
                + "Connection: Keep-Alive\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 51\r\n"
                + "\r\n"
                + "JVMRoute=node1&Host=fe80%3A%3A1&Port=8080&Type=http",
                ENCODER.encode(config, new RequestTarget("fe80::2%lo", 6666, "")));
    }

    @Test
    void enableAppWithAliases() {
        AppRequest app = AppRequest.of(McmpCommand.ENABLE_APP, "node1", List.of("localhost", "www.example.com"),
                "/demo");
        assertWire("ENABLE-APP / HTTP/1.1\r\n"
                + FORM_TO_PROXY
                + "Content-Length: 64\r\n"
                + "\r\n"
                + "JVMRoute=node1&Alias=localhost%2Cwww.example.com&Context=%2Fdemo", ENCODER.encode(app, PROXY));
    }

    @Test
    void everyAppCommandOnOneContextWithRootContextAsSlash() {
        for (int i = 0; i < APP_COMMANDS.length; i++) {
            AppRequest app = AppRequest.of(APP_COMMANDS[i], "node1", List.of("localhost"), "");
            assertWire(APP_METHODS[i] + " / HTTP/1.1\r\n"
                    + FORM_TO_PROXY
                    + "Content-Length: 42\r\n"
                    + "\r\n"
                    + "JVMRoute=node1&Alias=localhost&Context=%2F", ENCODER.encode(app, PROXY));
        }
    }

    @Test
    void everyAppCommandNodeWide() {
        for (int i = 0; i < APP_COMMANDS.length; i++) {
            assertWire(APP_METHODS[i] + " /* HTTP/1.1\r\n"
                    + FORM_TO_PROXY
                    + "Content-Length: 14\r\n"
                    + "\r\n"
                    + "JVMRoute=node1", ENCODER.encode(AppRequest.nodeWide(APP_COMMANDS[i], "node1"), PROXY));
        }
    }

    @Test
    void escapesSpaceAmpersandEqualsCommaSlashAndNonAscii() {
        AppRequest app = AppRequest.of(McmpCommand.DISABLE_APP, "node 1", List.of("café"), "/a b&c=d,\uD83D\uDE00");
        assertWire("DISABLE-APP / HTTP/1.1\r\n"
                + FORM_TO_PROXY
                + "Content-Length: 69\r\n"
                + "\r\n"
                + "JVMRoute=node+1&Alias=caf%C3%A9&Context=%2Fa+b%26c%3Dd%2C%F0%9F%98%80", ENCODER.encode(app, PROXY));
    }

    @Test
    void statusWithEveryKindOfLoad() {
        String head = "STATUS / HTTP/1.1\r\n" + FORM_TO_PROXY;
        assertWire(head + "Content-Length: 22\r\n\r\nJVMRoute=node1&Load=87",
                ENCODER.encode(new StatusRequest("node1", 87), PROXY));
        assertWire(head + "Content-Length: 22\r\n\r\nJVMRoute=node1&Load=-1",
                ENCODER.encode(new StatusRequest("node1", -1), PROXY));
        assertWire(head + "Content-Length: 21\r\n\r\nJVMRoute=node1&Load=0",
                ENCODER.encode(new StatusRequest("node1", 0), PROXY));
        assertWire(head + "Content-Length: 23\r\n\r\nJVMRoute=node1&Load=100",
                ENCODER.encode(new StatusRequest("node1", 100), PROXY));
    }

    @Test
    void statusEscapesItsRouteLikeEveryOtherRequest() {
        assertWire("STATUS / HTTP/1.1\r\n"
                + FORM_TO_PROXY
                + "Content-Length: 28\r\n"
                + "\r\n"
                + "JVMRoute=n%2F%C3%A9+1&Load=5", ENCODER.encode(new StatusRequest("n/é 1", 5), PROXY));
    }

    @Test
    void infoAndDumpHaveNoBody() {
        assertWire("INFO / HTTP/1.1\r\n"
                + "Host: 127.0.0.1:6666\r\n"
                + "User-Agent: clusteragent/test\r\n"
                + "Connection: Keep-Alive\r\n"
                + "\r\n", ENCODER.encode(new InfoRequest(), PROXY));
        assertWire("DUMP /* HTTP/1.1\r\n"
                + "Host: 127.0.0.1:6666\r\n"
                + "User-Agent: clusteragent/test\r\n"
                + "Connection: Keep-Alive\r\n"
                + "\r\n", ENCODER.encode(new DumpRequest(), PROXY));
    }

    @Test
    void pingInItsThreeForms() {
        String head = "PING / HTTP/1.1\r\n"
                + "Host: 127.0.0.1:6666\r\n"
                + "User-Agent: clusteragent/test\r\n"
                + "Connection: Keep-Alive\r\n";
        assertWire(head + "\r\n", ENCODER.encode(PingRequest.bare(), PROXY));
        assertWire(head + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 14\r\n\r\nJVMRoute=node1", ENCODER.encode(PingRequest.node("node1"), PROXY));
        assertWire(head + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 35\r\n\r\nScheme=http&Host=10.0.0.7&Port=8080",
                ENCODER.encode(PingRequest.url("http", "10.0.0.7", 8080), PROXY));
        assertWire(head + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 43\r\n\r\nScheme=ajp&Host=2001%3Adb8%3A%3A7&Port=8009",
                ENCODER.encode(PingRequest.url("ajp", "[2001:db8::7]", 8009), PROXY));
    }

    @Test
    void proxyUrlPrefixIsNormalisedAndPrependedToBothPaths() {
        for (String prefix : new String[] {"/abc", "abc", "/abc/", "abc/"}) {
            RequestTarget target = new RequestTarget("proxy.example.com", 8000, prefix);
            assertEquals("/abc", target.proxyUrl());
            assertWire("STATUS /abc/ HTTP/1.1\r\n"
                    + "Host: proxy.example.com:8000\r\n"
                    + "User-Agent: clusteragent/test\r\n"
                    + "Connection: Keep-Alive\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 22\r\n"
                    + "\r\n"
                    + "JVMRoute=node1&Load=50", ENCODER.encode(new StatusRequest("node1", 50), target));
            assertWire("REMOVE-APP /abc/* HTTP/1.1\r\n"
                    + "Host: proxy.example.com:8000\r\n"
                    + "User-Agent: clusteragent/test\r\n"
                    + "Connection: Keep-Alive\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 14\r\n"
                    + "\r\n"
                    + "JVMRoute=node1",
                    ENCODER.encode(AppRequest.nodeWide(McmpCommand.REMOVE_APP, "node1"), target));
        }
        assertEquals("", new RequestTarget("h", 1, "/").proxyUrl());
        assertEquals("", new RequestTarget("h", 1, null).proxyUrl());
    }

    @Test
    void targetAndUserAgentRejectWhatCannotGoIntoARequestLine() {
        assertThrows(IllegalArgumentException.class, () -> new RequestTarget("127.0.0.1", 0, ""));
        assertThrows(IllegalArgumentException.class, () -> new RequestTarget("127.0.0.1", 6666, "/a b"));
        assertThrows(IllegalArgumentException.class, () -> new RequestTarget("", 6666, ""));
        assertThrows(IllegalArgumentException.class, () -> new McmpEncoder("agent\r\nX-Evil: 1"));
    }

    @Test
    void parametersListIsInWireOrderAndUnencoded() {
        AppRequest app = AppRequest.of(McmpCommand.STOP_APP, "node1", List.of("a", "b"), "/x y");
        assertEquals("[JVMRoute=node1, Alias=a,b, Context=/x y]", app.parameters().toString());
        assertEquals("[JVMRoute=node1, Load=7]", new StatusRequest("node1", 7).parameters().toString());
        assertEquals("[]", new InfoRequest().parameters().toString());
    }
}
