package org.clusteragent.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.apache.catalina.Context;
import org.clusteragent.core.fakeproxy.ContextStatus;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.NodeState;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real listener (public constructor, real agent-core) against agent-core's fake proxy: a node
 * registers when Tomcat starts, follows run-time deploys at once, and leaves on stop. The tests with
 * the real balancer live in test-harness.
 */
@Timeout(60)
class FakeProxyEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void nodeRegistersFollowsDeploysAndLeaves() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); TomcatFixture fixture = new TomcatFixture()) {
            fixture.tomcat.getHost().addAlias("www.example.test");
            fixture.deploy("/app");
            ClusterListener listener = new ClusterListener();
            listener.setProperty("proxyList", proxy.address());
            listener.setProperty("advertise", "false");
            listener.setProperty("jvmRoute", "tomcat-node");
            fixture.tomcat.getServer().addLifecycleListener(listener);
            fixture.start();

            NodeState node = proxy.awaitNode("tomcat-node", WAIT);
            assertEquals(String.valueOf(fixture.port()), node.port(), node.toString());
            ContextStatus app = proxy.awaitContext("tomcat-node", "/app", ContextStatus.Status.ENABLED, WAIT);
            assertEquals(List.of("localhost", "www.example.test"), app.aliases());
            assertEquals("tomcat-node", fixture.tomcat.getEngine().getJvmRoute(), "route given to Tomcat");

            // A run-time deploy reaches the proxy from the deploying thread, without waiting for a STATUS tick.
            Context late = fixture.deploy("/late");
            proxy.awaitContext("tomcat-node", "/late", ContextStatus.Status.ENABLED, WAIT);
            fixture.tomcat.getHost().removeChild(late);
            proxy.awaitContext("tomcat-node", "/late", ContextStatus.Status.REMOVED, WAIT);

            fixture.tomcat.stop();
            assertTrue(proxy.await(() -> proxy.node("tomcat-node").isEmpty(), WAIT),
                    "node removed on stop: " + proxy.nodes());
        }
    }

    @Test
    void aContextDeployedAtRunTimeIsLoggedLikeOnePresentAtStart() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); TomcatFixture fixture = new TomcatFixture();
             CapturedLog log = CapturedLog.listen()) {
            fixture.deploy("/app");
            ClusterListener listener = new ClusterListener();
            listener.setProperty("proxyList", proxy.address());
            listener.setProperty("advertise", "false");
            listener.setProperty("jvmRoute", "logged");
            fixture.tomcat.getServer().addLifecycleListener(listener);
            fixture.start();
            proxy.awaitContext("logged", "/app", ContextStatus.Status.ENABLED, WAIT);
            Context late = fixture.deploy("/late");
            proxy.awaitContext("logged", "/late", ContextStatus.Status.ENABLED, WAIT);
            fixture.tomcat.getHost().removeChild(late);
            proxy.awaitContext("logged", "/late", ContextStatus.Status.REMOVED, WAIT);

            List<String> lines = log.messages().stream().filter(m -> m.startsWith("CLAG220")).toList();
            assertEquals(List.of("CLAG2200: node logged serves localhost/app, ENABLED at the proxies",
                    "CLAG2200: node logged serves localhost/late, ENABLED at the proxies",
                    "CLAG2201: node logged no longer serves localhost/late; removed from the proxies"), lines);
        }
    }
}
