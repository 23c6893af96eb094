package org.clusteragent.harness;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.clusteragent.core.ClusterAgent;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.FakeContext;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;

/**
 * One node for end-to-end tests: a real HTTP backend serving {@code /demo}, the in-memory container
 * model describing it (whose {@code /demo} in-flight count is the backend's real one), and a real
 * {@link ClusterAgent} telling the given proxies about it. Not started until {@link #start()}; {@link #close()}
 * shuts the agent down without draining and closes the backend.
 */
public final class AgentNode implements AutoCloseable {

    public static final String PATH = "/demo";

    final String route;
    final FakeServer server = new FakeServer();
    final FakeEngine engine;
    final FakeContext demo;
    final DemoBackend backend;
    final ClusterAgent agent;

    /**
     * @param proxies      the agent's proxyList, e.g. {@code 127.0.0.1:6666}
     * @param delay        how long the backend holds each request
     * @param extraProps   more agent properties, as name, value, name, value…
     */
    public AgentNode(String route, String proxies, Duration delay, String... extraProps) throws IOException {
        this.route = route;
        engine = server.engine("Catalina").jvmRoute(route);
        demo = engine.host("localhost").context(PATH);
        backend = DemoBackend.start("127.0.0.1", route, PATH, demo.requests::add, delay);
        engine.connector("127.0.0.1", backend.port(), Connector.Type.HTTP);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("proxyList", proxies);
        props.put("statusInterval", "0.5");
        props.put("stopContextTimeout", "20");
        props.put("socketTimeout", "5000");
        for (int i = 0; i < extraProps.length; i += 2) {
            props.put(extraProps[i], extraProps[i + 1]);
        }
        agent = ClusterAgent.builder().properties(props).loadProvider(new FixedLoad(50))
                .discoveries(List.of()).registerMBean(false).build();
    }

    public AgentNode start() {
        agent.init(server);
        agent.start(server);
        return this;
    }

    /** As a container undeploying /demo: drain and stop it, then remove it (REMOVE-APP). */
    public void stopAndRemoveContext() {
        agent.stop(demo);
        demo.started(false);
        agent.remove(demo);
    }

    /** As a container starting /demo again: ENABLE-APP to every proxy. */
    public void startContext() {
        demo.started(true);
        agent.start(demo);
    }

    @Override
    public void close() {
        agent.shutdown();
        backend.close();
    }
}
