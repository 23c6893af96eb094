package org.clusteragent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class NodeIdentityTest {

    private final Map<String, String> props = new HashMap<>();
    private final List<String> agents = new ArrayList<>();

    private NodeIdentity identity(String contextNode) {
        return new NodeIdentity(contextNode, props::get, () -> List.copyOf(agents));
    }

    @Test
    void routeOfSessionId() {
        assertEquals("node1", NodeIdentity.routeOf("0A1B2C.node1"));
        assertEquals("n2", NodeIdentity.routeOf("a.b.n2"));
        assertNull(NodeIdentity.routeOf("0A1B2C"));
        assertNull(NodeIdentity.routeOf("0A1B2C."));
        assertNull(NodeIdentity.routeOf(null));
    }

    @Test
    void sessionSuffixWinsOverPropertyAndAgent() {
        props.put(NodeIdentity.JVM_ROUTE_PROPERTY, "prop");
        agents.add("mbean");
        assertEquals("fromSession", identity(null).jvmRoute("ABC.fromSession"));
    }

    @Test
    void learnedRouteIsUsedWhenTheRequestHasNoSession() {
        props.put(NodeIdentity.JVM_ROUTE_PROPERTY, "prop");
        NodeIdentity id = identity(null);
        assertEquals("prop", id.jvmRoute(null));
        id.learnFrom("XYZ.learned");
        assertEquals("learned", id.jvmRoute(null));
        id.learnFrom("NOROUTE");
        assertEquals("learned", id.jvmRoute("NOROUTE"));
    }

    @Test
    void propertyThenSingleAgentThenUnknown() {
        NodeIdentity id = identity(null);
        assertNull(id.jvmRoute(null));
        agents.add("a1");
        assertEquals("a1", id.jvmRoute(null));
        agents.add("a2");
        assertNull(id.jvmRoute(null), "several agents: cannot tell which is ours");
        props.put(NodeIdentity.JVM_ROUTE_PROPERTY, " prop ");
        assertEquals("prop", id.jvmRoute(null));
    }

    @Test
    void nodeNameOrder() {
        assertEquals("unknown", identity(null).nodeName(null));
        assertEquals("r1", identity(null).nodeName("r1"));
        props.put(NodeIdentity.NODE_PROPERTY, "sysNode");
        assertEquals("sysNode", identity(null).nodeName("r1"));
        assertEquals("ctxNode", identity("ctxNode").nodeName("r1"));
        assertEquals("sysNode", identity("  ").nodeName("r1"));
    }
}
