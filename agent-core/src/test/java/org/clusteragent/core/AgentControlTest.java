package org.clusteragent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeHost;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JMX operations, called through the platform MBean server as an operator would. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentControlTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void operationsReachEveryProxyAndTheMBeanGoesAwayOnStop() throws Exception {
        try (FakeProxy proxy = FakeProxy.start(); FakeProxy second = FakeProxy.start()) {
            FakeServer server = new FakeServer();
            FakeEngine engine = server.engine("Catalina").jvmRoute("jmx-node");
            engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
            FakeHost host = engine.host("localhost");
            host.context("/a");
            host.context("");
            ClusterAgent agent = ClusterAgent.builder()
                    .properties(Map.of("proxyList", proxy.host() + ":" + proxy.port()))
                    .loadProvider(new FixedLoad(42)).discoveries(List.of()).build();
            agent.start(server);
            try {
                MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
                ObjectName name = new ObjectName("org.clusteragent:type=ClusterAgent,node=\"jmx-node\"");
                assertTrue(mbs.isRegistered(name));
                ClusterAgentMXBean control = JMX.newMXBeanProxy(mbs, name, ClusterAgentMXBean.class);
                proxy.awaitContext("jmx-node", "/a", Status.ENABLED, WAIT);

                assertTrue(control.disableContext("localhost", "/a"));
                proxy.awaitContext("jmx-node", "/a", Status.DISABLED, WAIT);
                assertFalse(control.disableContext("localhost", "/nope"));
                assertTrue(control.stopContext("localhost", "ROOT"));
                proxy.awaitContext("jmx-node", "/", Status.STOPPED, WAIT);

                control.addProxy(second.host() + ":" + second.port());
                second.awaitContext("jmx-node", "/a", Status.DISABLED, WAIT);
                second.awaitContext("jmx-node", "/", Status.STOPPED, WAIT);

                control.enableContexts();
                proxy.awaitContext("jmx-node", "/a", Status.ENABLED, WAIT);
                second.awaitContext("jmx-node", "/", Status.ENABLED, WAIT);

                String[] proxies = control.getProxies();
                assertEquals(2, proxies.length, String.join("\n", proxies));
                assertTrue(proxies[0].contains("state=OK"), proxies[0]);
                assertEquals(List.of("jmx-node=42"), List.of(control.getLoadFactors()));
                assertEquals("jmx-node: factor=42 []\n", control.getLoadExplanation());
                assertTrue(control.getNodes()[0].contains("localhost/a=ENABLED"), control.getNodes()[0]);
                String info = control.info();
                assertTrue(info.contains("node jmx-node http://127.0.0.1:8080"), info);
                assertTrue(info.contains("[localhost]/a ENABLED"), info);
                assertFalse(control.dump().isBlank());

                control.removeProxy(second.host() + ":" + second.port());
                assertEquals(1, control.getProxies().length);
            } finally {
                agent.stop(server);
            }
            Set<ObjectName> left = ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new ObjectName("org.clusteragent:type=ClusterAgent,*"), null);
            assertTrue(left.isEmpty(), left.toString());
        }
    }
}
