package org.clusteragent.core.agentcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.ClusterAgent;
import java.util.logging.Level;

import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent's agent-check output: the same load and leave sequence the MCMP side sends. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentCheckAgentTest {

    private FakeProxy proxy;
    private FakeServer server;
    private final List<ClusterAgent> agents = new ArrayList<>();

    @BeforeEach
    void setUp() {
        proxy = FakeProxy.start();
        server = new FakeServer();
        FakeEngine engine = server.engine("Catalina").jvmRoute("node1");
        engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
        engine.host("localhost").context("/demo").started(true);
    }

    @AfterEach
    void tearDown() {
        agents.forEach(ClusterAgent::shutdown);
        proxy.close();
    }

    private ClusterAgent agent(int agentCheckPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("proxyList", proxy.host() + ":" + proxy.port());
        props.put("agentCheckPort", Integer.toString(agentCheckPort));
        props.put("stopContextTimeout", "5");
        ClusterAgent agent = ClusterAgent.builder().properties(props).loadProvider(new FixedLoad(80))
                .discoveries(List.of()).registerMBean(false).build();
        agents.add(agent);
        return agent;
    }

    @Test
    void answersTheLoadFactorOnTheConnectorsAddressAndTellsHowContextsMap() throws IOException {
        try (CapturedLog log = CapturedLog.capture("org.clusteragent.core.agentcheck", Level.INFO)) {
            ClusterAgent agent = agent(freePort());
            agent.start(server);
            InetSocketAddress at = agent.agentCheck().address().orElseThrow();
            assertEquals(InetAddress.getByName("127.0.0.1"), at.getAddress(), "the connector's address by default");
            assertEquals("80% ready up\n", check(at));
            List<String> started = log.withId("CLAG2501");
            assertEquals(1, started.size(), log.messages().toString());
            assertTrue(started.get(0).contains("undeploying a single context is invisible"), started.get(0));
        }
    }

    @Test
    void aPortInUseIsANamedConfigurationErrorAndTheAgentRunsOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             CapturedLog log = CapturedLog.capture("org.clusteragent.core.agentcheck", Level.INFO)) {
            ClusterAgent agent = agent(taken.getLocalPort());
            agent.start(server);
            assertTrue(agent.agentCheck().address().isEmpty());
            List<String> errors = log.withId("CLAG2502");
            assertEquals(1, errors.size(), log.messages().toString());
            assertTrue(errors.get(0).startsWith("CLAG2502: agentCheckPort=" + taken.getLocalPort()), errors.get(0));
            assertNotNull(proxy.awaitNode("node1", Duration.ofSeconds(10)), "MCMP goes on without the responder");
        }
    }

    @Test
    void aServerStopAnswersDrainThenMaintAndWaitsForThePollerToReadThem() throws Exception {
        ClusterAgent agent = agent(freePort());
        agent.start(server);
        InetSocketAddress at = agent.agentCheck().address().orElseThrow();
        List<String> answers = new CopyOnWriteArrayList<>();
        Thread balancer = new Thread(() -> {
            try {
                while (true) {
                    answers.add(check(at));
                    Thread.sleep(100); // a balancer's agent-inter, shortened
                }
            } catch (IOException e) {
                // the responder closed: the node is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        balancer.start();
        while (answers.isEmpty()) {
            Thread.sleep(10);
        }
        agent.stop(server);
        balancer.join(10_000);
        int drain = answers.indexOf("80% drain up\n");
        int maint = answers.indexOf("0% maint\n");
        assertTrue(drain > 0 && maint > drain, answers.toString());
        assertEquals("80% ready up\n", answers.get(0));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static String check(InetSocketAddress at) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(at, 5000);
            s.setSoTimeout(5000);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
