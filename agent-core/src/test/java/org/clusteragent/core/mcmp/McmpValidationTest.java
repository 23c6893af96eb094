package org.clusteragent.core.mcmp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.clusteragent.spi.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every proxy limit is enforced before sending, and the error names field, value and limit. */
class McmpValidationTest {

    private static McmpValidationException rejects(String field, String value, Executable action) {
        McmpValidationException e = assertThrows(McmpValidationException.class, action);
        assertEquals(field, e.field());
        assertEquals(value, e.value());
        assertTrue(e.getMessage().startsWith(field), e.getMessage());
        return e;
    }

    private static ConfigRequest.Builder config() {
        return ConfigRequest.builder("node1", "10.0.0.1", 8080, Connector.Type.HTTP);
    }

    @Test
    void jvmRouteLongerThan63IsRejectedWithLengthAndLimit() {
        String route = "x".repeat(70);
        McmpValidationException e = rejects("JVMRoute", route, () -> new StatusRequest(route, 50));
        assertEquals("JVMRoute \"" + "x".repeat(40) + "…\" is 70 characters; proxies accept at most 63."
                + " Use a shorter value", e.getMessage());
        assertDoesNotThrow(() -> new StatusRequest("x".repeat(63), 50));
        rejects("JVMRoute", "y".repeat(64), () -> AppRequest.nodeWide(McmpCommand.STOP_APP, "y".repeat(64)));
        rejects("JVMRoute", "z".repeat(64), () -> PingRequest.node("z".repeat(64)));
    }

    @Test
    void lengthsAreCountedInUtf8BytesLikeTheProxyStoresThem() {
        String route = "é".repeat(32); // 32 characters, 64 bytes
        McmpValidationException e = rejects("JVMRoute", route, () -> new StatusRequest(route, 1));
        assertTrue(e.getMessage().contains("is 64 bytes in UTF-8; proxies accept at most 63"), e.getMessage());
    }

    @Test
    void emptyOrMissingJvmRouteIsRejected() {
        McmpValidationException e = rejects("JVMRoute", "", () -> new StatusRequest("", 1));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        rejects("JVMRoute", null, () -> ConfigRequest.builder(null, "h", 1, "http").build());
    }

    @Test
    void hostAndPortLimits() {
        String host = "h".repeat(64);
        McmpValidationException e = rejects("Host", host,
                () -> ConfigRequest.builder("node1", host, 8080, Connector.Type.HTTP).build());
        assertTrue(e.getMessage().contains("64 characters; proxies accept at most 63"), e.getMessage());
        rejects("Port", "0", () -> ConfigRequest.builder("node1", "h", 0, Connector.Type.HTTP).build());
        rejects("Port", "65536", () -> ConfigRequest.builder("node1", "h", 65536, Connector.Type.HTTP).build());
        rejects("Port", "70000", () -> PingRequest.url("http", "h", 70000));
        rejects("Host", "0.0.0.0", () -> ConfigRequest.builder("node1", "0.0.0.0", 80, "http").build());
        rejects("Host", "::", () -> ConfigRequest.builder("node1", "[::]", 80, "http").build());
    }

    @Test
    void balancerDomainAndStickyNamesFollowTheProxyTableSizes() {
        rejects("Balancer", "b".repeat(40), () -> config().balancer("b".repeat(40)).build());
        assertDoesNotThrow(() -> config().balancer("b".repeat(39)).build());
        rejects("Domain", "d".repeat(20), () -> config().domain("d".repeat(20)).build());
        assertDoesNotThrow(() -> config().domain("d".repeat(19)).build());
        rejects("StickySessionCookie", "c".repeat(30), () -> config().stickySessionCookie("c".repeat(30)).build());
        rejects("StickySessionPath", "p".repeat(30), () -> config().stickySessionPath("p".repeat(30)).build());
        rejects("Type", "t".repeat(16), () -> ConfigRequest.builder("n", "h", 1, "t".repeat(16)).build());
        rejects("Timeout", "-1", () -> config().timeout(-1).build());
        rejects("WaitWorker", "-5", () -> config().waitWorker(-5).build());
    }

    @Test
    void aliasAndContextLimits() {
        String context = "/" + "c".repeat(79);
        McmpValidationException e = rejects("Context", context,
                () -> AppRequest.of(McmpCommand.ENABLE_APP, "node1", List.of("localhost"), context));
        assertTrue(e.getMessage().contains("80 characters; proxies accept at most 79"), e.getMessage());
        assertDoesNotThrow(() -> AppRequest.of(McmpCommand.ENABLE_APP, "node1", List.of("a"), "/" + "c".repeat(78)));

        List<String> aliases = List.of("a".repeat(127), "b".repeat(127)); // 255 once comma-joined
        rejects("Alias", "a".repeat(127) + "," + "b".repeat(127),
                () -> AppRequest.of(McmpCommand.ENABLE_APP, "node1", aliases, "/x"));
        rejects("Alias", "a,b", () -> AppRequest.of(McmpCommand.ENABLE_APP, "node1", List.of("a,b"), "/x"));
        rejects("Alias", "", () -> AppRequest.of(McmpCommand.ENABLE_APP, "node1", List.of(), "/x"));
        rejects("Context", "demo", () -> AppRequest.of(McmpCommand.ENABLE_APP, "node1", List.of("a"), "demo"));
        assertThrows(IllegalArgumentException.class,
                () -> AppRequest.of(McmpCommand.STATUS, "node1", List.of("a"), "/x"));
    }

    @Test
    void controlCharactersAreRejectedEverywhere() {
        McmpValidationException e = rejects("JVMRoute", "node\n1", () -> new StatusRequest("node\n1", 1));
        assertTrue(e.getMessage().contains("\"node\\u000A1\" contains the control character U+000A at index 4"),
                e.getMessage());
        rejects("Alias", "local\thost",
                () -> AppRequest.of(McmpCommand.ENABLE_APP, "n", List.of("local\thost"), "/x"));
        rejects("Context", "/x\r", () -> AppRequest.of(McmpCommand.ENABLE_APP, "n", List.of("a"), "/x\r"));
        rejects("Balancer", "b\u0000", () -> config().balancer("b\u0000").build());
        rejects("Host", "h\u007f", () -> ConfigRequest.builder("n", "h\u007f", 1, "http").build());
        rejects("Scheme", "ht\ntp", () -> PingRequest.url("ht\ntp", "h", 1));
        rejects("JVMRoute", "n\uD800", () -> new StatusRequest("n\uD800", 1));
    }

    @Test
    void loadOutsideMinusOneToHundredIsRejected() {
        rejects("Load", "101", () -> new StatusRequest("n", 101));
        rejects("Load", "-2", () -> new StatusRequest("n", -2));
    }
}
