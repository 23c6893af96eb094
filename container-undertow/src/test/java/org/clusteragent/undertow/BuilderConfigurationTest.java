package org.clusteragent.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.spi.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Builder mode configuration: the three ways of giving attributes, and every mistake reported at
 * once, by name, with the same words as on Tomcat; a connector choice that matches no listener or
 * several names them and leaves nothing running.
 */
@ExtendWith(AgentCleanup.class)
@Timeout(60)
class BuilderConfigurationTest {

    @Test
    void mapPropertiesAndSinglePropertiesCombineLaterWins() {
        Properties p = new Properties();
        p.setProperty("balancer", "fromProperties");
        p.setProperty("jvmRoute", "fromProperties");
        UndertowClusterAgent agent = AgentCleanup.track(UndertowClusterAgent.builder()
                .properties(Map.of("advertise", "false", "jvmRoute", "fromMap"))
                .properties(p)
                .property("jvmRoute", "fromProperty")
                .registerMBean(false)
                .build());
        assertEquals("fromProperty", agent.properties().get("jvmRoute"));
        assertEquals("fromProperties", agent.clusterAgent().config().node().balancer().orElseThrow());
        assertEquals(java.util.Optional.of("fromProperty"), agent.clusterAgent().config().jvmRoute());
        assertTrue(!agent.isRunning());
    }

    @Test
    void everyMistakeIsNamedAtOnce() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () ->
                UndertowClusterAgent.builder()
                        .property("stickySession", "maybe")
                        .property("proxylist", "127.0.0.1:6666")
                        .property("stopContextTimeout", "soon")
                        .property("processStatusFrequency", "3")
                        .property("loadMetrics", "nosuchmetric")
                        .property("balancer", null)
                        .host(" ")
                        .registerMBean(false)
                        .build());
        List<String> problems = e.problems();
        for (String named : List.of("stickySession=\"maybe\"", "did you mean proxyList", "stopContextTimeout",
                "processStatusFrequency=\"3\"", "nosuchmetric", "balancer has no value", "host name")) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(named)), named + " in " + problems);
        }
        assertTrue(problems.size() >= 7, problems.toString());
        assertTrue(e.getMessage().startsWith("Invalid clusteragent configuration (" + problems.size() + " problems)"));
    }

    @Test
    void severalListenersWithoutConnectorPortAreListedAndNothingStaysRunning() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node(false, true)) {
            UndertowClusterAgent agent = AgentCleanup.track(EmbeddedAgentTest.agentFor(proxy, "amb").build());
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                    () -> agent.start(node.undertow));
            String message = e.getMessage();
            assertTrue(message.contains("connectorPort") && message.contains(" http") && message.contains(" ajp"),
                    message);
            assertTrue(!agent.isRunning());
            assertThrows(IllegalStateException.class, node.undertow::getListenerInfo, "start(undertow) stopped it again");
            assertEquals(List.of(), AgentThreads.awaitNone());
        }
    }

    @Test
    void aConnectorPortThatMatchesNoListenerIsNamed() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); Node node = new Node()) {
            node.undertow.start();
            UndertowClusterAgent agent = AgentCleanup.track(EmbeddedAgentTest.agentFor(proxy, "nomatch")
                    .property("connectorPort", "1").build());
            agent.attach(node.undertow);
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, agent::start);
            assertTrue(e.getMessage().contains("connectorPort=1 matches none of the connectors [127.0.0.1:"
                    + node.port() + " http]"), e.getMessage());
            assertEquals(404, node.get("/").statusCode(), "a server the agent did not start keeps running");
        }
    }

    @Test
    void startNeedsAStartedServer() {
        UndertowClusterAgent agent = AgentCleanup.track(UndertowClusterAgent.builder().property("advertise", "false")
                .registerMBean(false).build());
        IllegalStateException none = assertThrows(IllegalStateException.class, agent::start);
        assertTrue(none.getMessage().contains("attach(undertow)"), none.getMessage());
        agent.attach(new Node().undertow);
        IllegalStateException notStarted = assertThrows(IllegalStateException.class, agent::start);
        assertTrue(notStarted.getMessage().contains("not started"), notStarted.getMessage());
    }
}
