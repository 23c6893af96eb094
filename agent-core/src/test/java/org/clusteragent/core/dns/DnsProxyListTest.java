package org.clusteragent.core.dns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.ClusterAgent;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** End to end with the JDK's resolver: a proxyList entry "localhost:port" reaches the proxy on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DnsProxyListTest {

    @Test
    void aNameInProxyListStandsForItsAddresses() throws Exception {
        FakeServer server = new FakeServer();
        FakeEngine engine = server.engine("Catalina").jvmRoute("node1");
        engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
        engine.host("localhost").context("/demo").started(true);
        // localhost may also resolve to ::1, where nothing listens: that proxy fails, expectedly
        try (FakeProxy proxy = FakeProxy.start(); CapturedLog log = CapturedLog.capture()) {
            ClusterAgent agent = ClusterAgent.builder()
                    .properties(Map.of("proxyList", "localhost:" + proxy.port(), "advertise", "false"))
                    .loadProvider(new FixedLoad(50)).discoveries(List.of()).registerMBean(false).build();
            try {
                agent.start(server);
                proxy.awaitNode("node1", Duration.ofSeconds(20));
                ProxyAddress resolved = new ProxyAddress("127.0.0.1", proxy.port(), false);
                assertTrue(agent.resolvedProxies().contains(resolved), agent.resolvedProxies().toString());
                assertTrue(agent.proxyRegistry().orElseThrow().proxies().contains(resolved));
                assertTrue(log.withId("CLAG2601").get(0).contains("localhost"), log.toString());
            } finally {
                agent.shutdown();
            }
        }
    }
}
