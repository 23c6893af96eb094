package org.clusteragent.harness.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.clusteragent.harness.RealProxy;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.clusteragent.harness.testing.ProxyKind;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tomcat's parallel deployment behind each real proxy (httpd with mod_proxy_cluster, Undertow's
 * balancer; the last case with Undertow's only): demo.war as {@code /demo##1}, then
 * {@code /demo##2} beside it, then one of them undeployed, all while users send requests through
 * the balancer and a watcher checks every few milliseconds that the balancer routes {@code /demo}
 * to the node. The path never leaves the proxy, no request fails, a session opened on a version
 * stays on that version until it ends, and new sessions go to the newest version. Runs with
 * Tomcat 10.1 and 11 (the build's two Tomcat runs).
 */
@Timeout(120)
class ParallelDeploymentTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ROUTE = "pv";

    private RealProxy balancer;
    private DemoWarTomcat node;
    private VersionTraffic traffic;
    /** Open for each whole test: undeploying a version under traffic ends its drain with sessions left. */
    private final CapturedLog log = CapturedLog.capture();

    private void start(ProxyKind kind) throws Exception {
        balancer = kind.start();
        node = new DemoWarTomcat(ROUTE, EmbeddedTomcatNode.attributesFor(balancer.mcmpPort())).start();
        traffic = new VersionTraffic(balancer.proxyUri("/demo/hello"), 200_000);
    }

    private boolean await(java.util.function.Predicate<org.clusteragent.harness.BalancerNode> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (balancer.node(ROUTE).filter(condition).isPresent()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @AfterEach
    void stop() throws Exception {
        try {
            Cleanup.closeAll(traffic, node, balancer);
            List<String> other = log.atLeast(java.util.logging.Level.WARNING).stream()
                    .filter(m -> !m.startsWith("CLAG2006: drain of pv:localhost/demo stopped waiting")).toList();
            assertEquals(List.of(), other, "warnings but the undeployed version's sessions outliving its drain");
        } finally {
            log.close();
        }
    }

    private boolean routable() {
        return balancer.node(ROUTE).map(n -> n.routes(DemoWarTomcat.PATH)).orElse(false);
    }

    private static boolean holds(Context version, VersionTraffic.Hello hello) throws Exception {
        return version.getManager().findSession(hello.session()) != null;
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void newVersionBesideTheOldThenOldUndeployedKeepsTheAppAtTheProxy(ProxyKind kind) throws Exception {
        start(kind);
        Context v1 = node.deploy("1");
        assertTrue(await(n -> n.routes(DemoWarTomcat.PATH)), balancer::toString);
        VersionTraffic.Hello old = traffic.hello(null);
        assertTrue(holds(v1, old), "the first session is on ##1: " + old);
        traffic.start(3, "/demo routable at the balancer", this::routable);
        assertTrue(traffic.awaitMore(50, WAIT), traffic::toString);

        Context v2 = node.deploy("2");
        assertTrue(traffic.awaitMore(50, WAIT), traffic::toString);
        VersionTraffic.Hello fresh = traffic.hello(null);
        assertTrue(holds(v2, fresh), "a new session goes to ##2: " + fresh);
        VersionTraffic.Hello again = traffic.hello(old.cookie());
        assertEquals(old.session(), again.session(), "the old session stays");
        assertEquals(2, again.counter(), "on ##1, which knows its counter");
        assertTrue(holds(v1, again), "still on ##1");

        // What undeployOldVersions does: the old version goes once its last session has ended.
        Session session = v1.getManager().findSession(old.session());
        session.expire();
        node.undeploy(v1);
        assertTrue(traffic.awaitMore(100, WAIT), traffic::toString);
        VersionTraffic.Hello after = traffic.hello(fresh.cookie());
        assertEquals(fresh.session(), after.session(), "##2's sessions are untouched");
        assertEquals(2, after.counter());
        traffic.close();
        System.out.println("##1 -> ##2 -> ##1 undeployed: " + traffic);
        assertEquals(List.of(), traffic.failures(), traffic::toString);
        assertTrue(routable(), "/demo still routable at the end");
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void rollbackUndeployingTheNewerVersionKeepsTheAppAtTheProxy(ProxyKind kind) throws Exception {
        start(kind);
        Context v1 = node.deploy("1");
        assertTrue(await(n -> n.routes(DemoWarTomcat.PATH)), balancer::toString);
        VersionTraffic.Hello old = traffic.hello(null);
        traffic.start(3, "/demo routable at the balancer", this::routable);
        Context v2 = node.deploy("2");
        assertTrue(traffic.awaitMore(50, WAIT), traffic::toString);
        VersionTraffic.Hello onNew = traffic.hello(null);
        assertTrue(holds(v2, onNew), "a new session goes to ##2: " + onNew);

        node.undeploy(v2); // the rollback: ##2 was bad
        assertTrue(traffic.awaitMore(100, WAIT), traffic::toString);
        VersionTraffic.Hello oldAgain = traffic.hello(old.cookie());
        assertEquals(old.session(), oldAgain.session(), "##1's session survived the rollback");
        assertEquals(2, oldAgain.counter());
        VersionTraffic.Hello lost = traffic.hello(onNew.cookie());
        assertEquals(200, lost.status(), lost.body());
        assertNotEquals(onNew.session(), lost.session(), "##2's sessions ended with ##2");
        assertTrue(holds(v1, lost), "and its user is on ##1 now");
        traffic.close();
        System.out.println("##1 -> ##2 -> ##2 undeployed: " + traffic);
        assertEquals(List.of(), traffic.failures(), traffic::toString);
        assertTrue(routable(), "/demo still routable at the end");
        assertNotNull(balancer.node(ROUTE).orElseThrow().context(DemoWarTomcat.PATH).orElse(null));
    }

    @Test
    void theLastVersionGoingTakesThePathOffTheProxy() throws Exception {
        start(ProxyKind.UNDERTOW);
        Context v1 = node.deploy("1");
        Context v2 = node.deploy("2");
        assertTrue(await(n -> n.routes(DemoWarTomcat.PATH)), balancer::toString);
        node.undeploy(v1);
        assertTrue(routable(), "one version left: /demo stays");
        node.undeploy(v2);
        assertTrue(await(n -> n.context(DemoWarTomcat.PATH).isEmpty()),
                () -> "/demo removed with its last version: " + balancer.nodes());
        assertNull(balancer.node(ROUTE).orElseThrow().context(DemoWarTomcat.PATH).orElse(null));
    }
}
