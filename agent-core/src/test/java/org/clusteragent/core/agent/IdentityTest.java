package org.clusteragent.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;

import org.clusteragent.spi.Connector;
import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.testing.FakeConnector;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** jvmRoute and connector choice: the node's identity as proxies see it. */
class IdentityTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(JvmRoutes.SYSTEM_PROPERTY);
    }

    @Test
    void routeComesFromAttributeThenContainerThenSystemPropertyThenStableUuid() {
        FakeEngine engine = new FakeServer().engine("Catalina");
        Connector c = engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
        engine.jvmRoute("fromTomcat");
        assertEquals("fromAttr", JvmRoutes.choose(Optional.of("fromAttr"), engine, c).route());
        assertEquals("fromTomcat", JvmRoutes.choose(Optional.empty(), engine, c).route());

        engine.jvmRoute(null);
        System.setProperty(JvmRoutes.SYSTEM_PROPERTY, "fromProperty");
        assertEquals("fromProperty", JvmRoutes.choose(Optional.empty(), engine, c).route());

        System.clearProperty(JvmRoutes.SYSTEM_PROPERTY);
        String first = JvmRoutes.choose(Optional.empty(), engine, c).route();
        String again = JvmRoutes.choose(Optional.empty(), engine, c).route();
        assertEquals(first, again, "the generated route is the same across restarts");
        assertEquals(36, first.length());
        FakeEngine other = new FakeServer().engine("Catalina");
        Connector otherPort = other.connector("127.0.0.1", 8081, Connector.Type.HTTP);
        assertNotEquals(first, JvmRoutes.choose(Optional.empty(), other, otherPort).route());
    }

    @Test
    void singleConnectorIsChosenWithoutSettings() {
        FakeEngine engine = new FakeServer().engine("Catalina");
        FakeConnector only = engine.connector(null, 8080, Connector.Type.HTTP);
        assertSame(only, ConnectorChooser.choose(engine, OptionalInt.empty(), Optional.empty()));
    }

    @Test
    void ambiguousOrUnmatchedChoiceNamesTheCandidates() {
        FakeEngine engine = new FakeServer().engine("Catalina");
        engine.connector(null, 8009, Connector.Type.AJP);
        FakeConnector https = engine.connector("127.0.0.1", 8443, Connector.Type.HTTPS);
        InvalidConfigurationException none = assertThrows(InvalidConfigurationException.class,
                () -> ConnectorChooser.choose(engine, OptionalInt.of(8080), Optional.empty()));
        assertEquals("Invalid clusteragent configuration: connectorPort=8080 matches none of the connectors"
                + " [8009 ajp, 127.0.0.1:8443 https] of engine Catalina", none.getMessage());
        InvalidConfigurationException many = assertThrows(InvalidConfigurationException.class,
                () -> ConnectorChooser.choose(engine, OptionalInt.empty(), Optional.empty()));
        assertTrue(many.getMessage().contains("has 2 connectors [8009 ajp, 127.0.0.1:8443 https]; set connectorPort"),
                many.getMessage());
        assertSame(https, ConnectorChooser.choose(engine, OptionalInt.empty(), Optional.of("127.0.0.1")));
        assertSame(https, ConnectorChooser.choose(engine, OptionalInt.of(8443), Optional.empty()));
    }

    @Test
    void wildcardAddressIsReplacedByTheLocalAddressTowardsTheProxy() {
        FakeEngine engine = new FakeServer().engine("Catalina");
        Connector any = engine.connector("0.0.0.0", 8080, Connector.Type.HTTP);
        String host = NodeConfigs.connectorHost(any, new org.clusteragent.spi.ProxyAddress("127.0.0.1", 6666, false));
        assertEquals("127.0.0.1", host);
    }
}
