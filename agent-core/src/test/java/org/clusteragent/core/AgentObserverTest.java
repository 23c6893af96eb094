package org.clusteragent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.spi.AgentObserver;
import org.clusteragent.spi.AgentView;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Observers see every exchange with its outcome, restarts, and the agent's start and stop. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentObserverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final class Recording implements AgentObserver {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile AgentView view;

        @Override
        public void started(AgentView agent) {
            view = agent;
            events.add("started");
        }

        @Override
        public void exchanged(ProxyAddress proxy, String command, long nanos, String outcome) {
            events.add(command + ":" + outcome + (nanos > 0 || outcome.equals(NO_REPLY) ? "" : ":no-time"));
        }

        @Override
        public void proxyRestarted(ProxyAddress proxy) {
            events.add("restarted");
        }

        @Override
        public void stopped() {
            events.add("stopped");
        }
    }

    @Test
    void exchangesOutcomesRestartsAndLifecycleAreObserved() throws Exception {
        Recording recording = new Recording();
        AgentObserver throwing = new AgentObserver() {
            @Override
            public void exchanged(ProxyAddress proxy, String command, long nanos, String outcome) {
                throw new IllegalStateException("observer bug");
            }
        };
        try (CapturedLog log = CapturedLog.capture(); FakeProxy proxy = FakeProxy.start()) {
            FakeServer server = new FakeServer();
            FakeEngine engine = server.engine("Catalina").jvmRoute("obs");
            engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
            engine.host("localhost").context("/a");
            ClusterAgent agent = ClusterAgent.builder()
                    .properties(Map.of("proxyList", proxy.host() + ":" + proxy.port()))
                    .loadProvider(new FixedLoad(60)).discoveries(List.of()).registerMBean(false)
                    .observers(List.of(throwing, recording)).build();
            agent.start(server);
            proxy.awaitContext("obs", "/a", Status.ENABLED, WAIT);
            assertTrue(proxy.await(() -> recording.events.contains("STATUS:OK"), WAIT), recording.events.toString());
            assertEquals(List.of("started", "CONFIG:OK", "ENABLE-APP:OK", "STATUS:OK"), recording.events);
            assertEquals(Map.of(new ProxyAddress(proxy.host(), proxy.port(), false), "OK"), recording.view.proxyStates());
            assertEquals(List.of("obs"), List.copyOf(recording.view.nodes().keySet()));

            proxy.failNext("STATUS", "SYNTAX", "SYNTAX: Invalid field \"X\" in message");
            agent.status(engine);
            assertTrue(proxy.await(() -> recording.events.contains("STATUS:SYNTAX"), WAIT), recording.events.toString());
            assertTrue(log.one("CLAG1103").contains("SYNTAX: Invalid field"), log.toString());
            assertTrue(log.one("CLAG2017").contains("observer bug"), "the throwing observer, once: " + log);
            agent.proxyRegistry().orElseThrow().resetDown();
            assertTrue(proxy.await(() -> recording.events.lastIndexOf("STATUS:OK") > recording.events.indexOf("STATUS:SYNTAX"),
                    WAIT), "the reset proxy was told everything again: " + recording.events);

            proxy.restart();
            assertTrue(proxy.await(() -> recording.events.contains("restarted"), WAIT),
                    "the idle probe saw the new id: " + recording.events);
            agent.stop(server);
            assertEquals("stopped", recording.events.get(recording.events.size() - 1));
        }
    }
}
