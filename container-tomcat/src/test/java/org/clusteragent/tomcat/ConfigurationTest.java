package org.clusteragent.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.catalina.LifecycleListener;
import org.apache.catalina.Server;
import org.apache.catalina.Service;
import org.apache.catalina.startup.Catalina;
import org.apache.tomcat.util.IntrospectionUtils;
import org.apache.tomcat.util.digester.Digester;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** server.xml attributes reach the agent as written; bad ones are logged one per line and stop the agent. */
@Timeout(60)
class ConfigurationTest {

    /** Exposes Tomcat's own server.xml digester, so the test parses exactly as Tomcat does. */
    private static final class ServerXml extends Catalina {
        Server parse(String xml) throws Exception {
            Digester digester = createStartDigester();
            digester.push(this);
            digester.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            return getServer();
        }
    }

    @Test
    void aModClusterStyleListenerParsesWithEveryAttributeInDocumentOrder() throws Exception {
        Server server = new ServerXml().parse("""
                <Server port="-1" portOffset="100">
                  <Listener className="org.clusteragent.tomcat.ClusterListener"
                            proxyList="10.0.0.5:6666,10.0.0.6:6666" advertise="false"
                            stickySessionForce="false" excludedContexts="ROOT,manager"
                            loadMetricClass="org.jboss.modcluster.load.metric.impl.BusyConnectorsLoadMetric"
                            processStatusFrequency="3" socketTimeout="${clusteragent.test.timeout:-5000}"/>
                  <Service name="Catalina">
                    <Connector port="8080" address="127.0.0.1" protocol="HTTP/1.1"/>
                    <Connector port="8009" address="127.0.0.1" protocol="AJP/1.3" secretRequired="false"/>
                    <Engine name="Catalina" defaultHost="localhost" jvmRoute="node1">
                      <Host name="localhost" appBase="webapps" autoDeploy="false">
                        <Alias>www.example.test</Alias>
                      </Host>
                    </Engine>
                  </Service>
                </Server>
                """);
        ClusterListener listener = only(server.findLifecycleListeners());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("proxyList", "10.0.0.5:6666,10.0.0.6:6666");
        expected.put("advertise", "false");
        expected.put("stickySessionForce", "false");
        expected.put("excludedContexts", "ROOT,manager");
        expected.put("loadMetricClass", "org.jboss.modcluster.load.metric.impl.BusyConnectorsLoadMetric");
        expected.put("processStatusFrequency", "3");
        expected.put("socketTimeout", "5000");
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(listener.getProperties().entrySet()));

        // The views before start: configured ports plus the server's portOffset, jvmRoute from server.xml.
        TomcatModel model = TomcatModel.ofServer(server);
        List<Connector> connectors = model.serverView().engines().get(0).connectors();
        assertEquals(List.of(8180, 8109), connectors.stream().map(Connector::port).toList());
        assertEquals(List.of(Connector.Type.HTTP, Connector.Type.AJP), connectors.stream().map(Connector::type).toList());
        assertEquals("node1", model.serverView().engines().get(0).jvmRoute().orElseThrow());
        assertEquals(List.of("www.example.test"),
                List.copyOf(model.serverView().engines().get(0).hosts().get(0).aliases()));
    }

    @Test
    void aListenerInsideAServiceBelongsToThatService() throws Exception {
        Server server = new ServerXml().parse("""
                <Server port="-1">
                  <Service name="Catalina">
                    <Listener className="org.clusteragent.tomcat.ClusterListener" proxyList="127.0.0.1:6666"/>
                    <Engine name="Catalina" defaultHost="localhost"/>
                  </Service>
                </Server>
                """);
        Service service = server.findServices()[0];
        assertEquals(Map.of("proxyList", "127.0.0.1:6666"), only(service.findLifecycleListeners()).getProperties());
    }

    @Test
    void introspectionFallsBackToSetPropertyForAnyName() {
        ClusterListener listener = new ClusterListener(p -> new RecordingHandler());
        assertTrue(IntrospectionUtils.setProperty(listener, "stopContextTimeout", "20"));
        assertTrue(IntrospectionUtils.setProperty(listener, "noSuchAttribute", "x"));
        assertEquals("20", IntrospectionUtils.getProperty(listener, "stopContextTimeout"));
        assertEquals(List.of("stopContextTimeout", "noSuchAttribute"), List.copyOf(listener.getProperties().keySet()));
    }

    @Test
    void badAttributesAreLoggedOnePerLineAndTheAgentDoesNotStartWhileTomcatServes() throws Exception {
        AtomicInteger created = new AtomicInteger();
        ClusterListener listener = new ClusterListener(properties -> {
            created.incrementAndGet();
            throw new InvalidConfigurationException(List.of(
                    "stickySession=\"maybe\" is not true or false",
                    "proxyList=\"host:99999\": port 99999 is not in 1..65535"));
        });
        listener.setProperty("stickySession", "maybe");
        listener.setProperty("proxyList", "host:99999");
        try (CapturedLog log = CapturedLog.capture(); TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/app");
            fixture.tomcat.getServer().addLifecycleListener(listener);
            fixture.start();

            List<String> errors = log.errors();
            assertEquals(3, errors.size(), errors.toString());
            assertTrue(errors.get(0).startsWith("CLAG6001: ") && errors.get(0).contains("stickySession=\"maybe\""));
            assertTrue(errors.get(1).startsWith("CLAG6001: ") && errors.get(1).contains("proxyList=\"host:99999\""));
            assertTrue(errors.get(2).startsWith("CLAG6002: ") && errors.get(2).contains("2 configuration problem"));
            assertFalse(listener.isRunning());
            assertEquals(1, created.get());
            assertEquals(200, fixture.get("/app/x").statusCode(), "Tomcat keeps serving");
            assertFalse(hasCountingValve(fixture), "nothing attached for an agent that does not run");
        }
    }

    @Test
    void theRealAgentRejectsBadAttributesOnePerLine() throws Exception {
        ClusterListener listener = new ClusterListener();
        listener.setProperty("proxyList", "127.0.0.1:6666");
        listener.setProperty("stickySession", "maybe");
        listener.setProperty("proxyLst", "127.0.0.1:6667");
        try (CapturedLog log = CapturedLog.capture(); TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/app");
            fixture.tomcat.getServer().addLifecycleListener(listener);
            fixture.start();
            List<String> errors = log.errors();
            List<String> problems = errors.stream().filter(e -> e.startsWith("CLAG6001: ")).toList();
            assertEquals(2, problems.size(), errors.toString());
            assertTrue(problems.stream().anyMatch(p -> p.contains("stickySession") && p.contains("maybe")), errors.toString());
            assertTrue(problems.stream().anyMatch(p -> p.contains("proxyLst") && p.contains("proxyList")), errors.toString());
            assertTrue(errors.get(errors.size() - 1).startsWith("CLAG6002: "), errors.toString());
            assertFalse(listener.isRunning());
            assertEquals(200, fixture.get("/app/x").statusCode());
        }
    }

    @Test
    void aConnectorChoiceTheServerContradictsIsNamedWithTheConnectorsFound() throws Exception {
        ClusterListener listener = new ClusterListener();
        listener.setProperty("proxyList", "127.0.0.1:6666");
        listener.setProperty("connectorPort", "1");
        try (CapturedLog log = CapturedLog.capture(); TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/app");
            fixture.tomcat.getServer().addLifecycleListener(listener);
            fixture.start();
            List<String> errors = log.errors();
            List<String> lines = errors.stream().filter(e -> e.startsWith("CLAG6008: ")).toList();
            assertEquals(1, lines.size(), errors.toString());
            assertTrue(lines.get(0).contains("connectorPort=1 matches none of the connectors [")
                    && lines.get(0).contains(" http]"), lines.get(0));
            assertEquals(200, fixture.get("/app/x").statusCode(), "Tomcat keeps serving");
        }
    }

    private static boolean hasCountingValve(TomcatFixture fixture) {
        return List.of(((org.apache.catalina.Context) fixture.tomcat.getHost().findChild("/app"))
                .getPipeline().getValves()).stream().anyMatch(InFlightRequestValve.class::isInstance);
    }

    private static ClusterListener only(LifecycleListener[] listeners) {
        List<LifecycleListener> ours = List.of(listeners).stream()
                .filter(ClusterListener.class::isInstance).toList();
        assertEquals(1, ours.size(), List.of(listeners).toString());
        return assertInstanceOf(ClusterListener.class, ours.get(0));
    }
}
