package org.clusteragent.harness.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.clusteragent.harness.HaproxyBalancer;
import org.clusteragent.harness.testing.RequiresHaproxy;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --balancer=haproxy}: the local cluster's clients go through a real HAProxy that weights a
 * Tomcat and an Undertow node by their agent checks.
 */
@RequiresHaproxy
@Timeout(120)
class LocalClusterHaproxyTest {

    @Test
    void clientsGoThroughHaproxyWhichSeesEveryNodesAgent() throws Exception {
        ClusterSettings settings = ClusterSettings.builder()
                .proxyPort(0).mcmpPort(0).uiPort(0)
                .advertisePort(LocalClusterTest.freeUdpPort()).securityKey("test-" + UUID.randomUUID())
                .tomcatNodes(1).undertowNodes(1).clients(4)
                .statusInterval(Duration.ofMillis(500)).drainTimeout(Duration.ofSeconds(3))
                .war(LocalClusterTest.demoWar())
                .balancer("haproxy").agentPortBase(HaproxyBalancer.freePort())
                .build();
        CapturedLog log = CapturedLog.capture(); // the drains at close (CLAG2006: sessions left) are expected
        try (log; LocalCluster cluster = LocalCluster.start(settings)) {
            HaproxyBalancer haproxy = cluster.haproxy().orElseThrow();
            assertEquals(haproxy.port(), cluster.proxyUri("/hello").getPort(), "clients go through HAProxy");
            long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
            LoadStats.Snapshot stats = cluster.loadDriver().stats().snapshot();
            while ((stats.requests().getOrDefault("tomcat-1", 0L) < 20
                    || stats.requests().getOrDefault("undertow-1", 0L) < 20) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                stats = cluster.loadDriver().stats().snapshot();
            }
            Map<String, HaproxyBalancer.ServerState> servers = haproxy.servers();
            System.out.println("local cluster through HAProxy: " + stats.requests() + ", failures " + stats.failures()
                    + "; HAProxy: " + servers.values());
            assertTrue(stats.requests().getOrDefault("tomcat-1", 0L) >= 20, stats::toString);
            assertTrue(stats.requests().getOrDefault("undertow-1", 0L) >= 20, stats::toString);
            assertEquals(0, stats.failures(), stats::toString);
            for (String node : new String[] {"tomcat-1", "undertow-1"}) {
                HaproxyBalancer.ServerState state = servers.get(node);
                assertTrue(state != null && state.up() && state.agent().contains("L7OK"), servers::toString);
            }
        }
        assertEquals(java.util.List.of(), log.errors(), "errors while the cluster ran or stopped");
    }
}
