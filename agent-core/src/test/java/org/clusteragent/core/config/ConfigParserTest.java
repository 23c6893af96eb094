package org.clusteragent.core.config;

import static org.clusteragent.core.config.ConfigTestSupport.parse;
import static org.clusteragent.core.config.ConfigTestSupport.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.clusteragent.spi.ProxyAddress;
import org.junit.jupiter.api.Test;

/** Defaults and valid values of every attribute the core parses. */
class ConfigParserTest {

    @Test
    void defaults() {
        AgentConfig c = AgentConfig.defaults();
        assertEquals(List.of(), c.proxies());
        assertEquals("", c.proxyUrl());
        assertEquals(Duration.ofMillis(20000), c.socketTimeout());
        assertEquals(Optional.empty(), c.localAddress());
        assertEquals(TlsSettings.DEFAULT, c.tls());
        assertTrue(c.excludedContexts().isEmpty());
        assertTrue(c.autoEnableContexts());
        assertEquals(new DrainSettings(10, TimeUnit.SECONDS, SessionDrainingStrategy.DEFAULT), c.drain());
        assertEquals(Optional.of(Duration.ofSeconds(10)), c.drain().timeout());
        assertEquals(NodeSettings.DEFAULT, c.node());
        assertEquals(ConnectorSelection.AUTOMATIC, c.connector());
        assertEquals(Optional.empty(), c.jvmRoute());
        assertEquals(Duration.ofSeconds(10), c.statusInterval());
        assertEquals(6, c.repairInterval());
        assertEquals(OptionalInt.empty(), c.processStatusFrequency());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void nodeDefaultsSendNothingOptional() {
        NodeSettings n = NodeSettings.DEFAULT;
        assertEquals(Optional.empty(), n.balancer());
        assertEquals(Optional.empty(), n.loadBalancingGroup());
        assertTrue(n.stickySession());
        assertFalse(n.stickySessionRemove());
        assertFalse(n.stickySessionForce(), "StickySessionForce=No unless asked, as the mod_cluster listener does");
        for (int value : new int[] {n.workerTimeout(), n.maxAttempts(), n.flushWait(), n.ping(), n.smax(), n.ttl(),
                n.nodeTimeout()}) {
            assertEquals(-1, value);
        }
        assertFalse(n.flushPackets());
    }

    @Test
    void tlsDefaults() {
        TlsSettings t = TlsSettings.DEFAULT;
        assertFalse(t.enabled());
        assertEquals("TLS", t.protocol());
        assertEquals(List.of(), t.cipherSuites());
        assertEquals(Optional.empty(), t.keyStore());
        assertEquals("changeit", t.keyStorePassword());
        assertEquals("JKS", t.keyStoreType());
        assertEquals(Optional.empty(), t.keyStoreProvider());
        assertEquals(Optional.empty(), t.keyAlias());
        assertEquals(Optional.empty(), t.trustStore());
        assertEquals(Optional.empty(), t.trustStorePassword());
        assertEquals(Optional.empty(), t.trustStoreType());
        assertEquals(Optional.empty(), t.trustStoreProvider());
        assertEquals(Optional.empty(), t.crlFile());
        assertEquals(5, t.maxCertPathLength());
    }

    @Test
    void proxiesAndTransport() {
        AgentConfig c = parse("proxyList", "a:6666, [::1]:7777 b", "proxyURL", "cluster/", "socketTimeout", "1500",
                "localAddress", "[fe80::2]");
        assertEquals(List.of(new ProxyAddress("a", 6666, false), new ProxyAddress("::1", 7777, false),
                new ProxyAddress("b", 8000, false)), c.proxies());
        assertEquals("/cluster", c.proxyUrl());
        assertEquals(Duration.ofMillis(1500), c.socketTimeout());
        assertEquals(Optional.of("fe80::2"), c.localAddress());
        assertEquals("", parse("proxyURL", "/").proxyUrl());
        assertEquals("/a/b", parse("proxyURL", "/a/b").proxyUrl());
    }

    @Test
    void sslMakesEveryProxySecure() {
        AgentConfig c = parse("proxyList", "a:6666", "ssl", "YES");
        assertEquals(List.of(new ProxyAddress("a", 6666, true)), c.proxies());
        assertTrue(c.tls().enabled());
    }

    @Test
    void tlsAttributes() {
        TlsSettings t = parse("ssl", "on", "sslProtocol", "TLSv1.3", "sslCiphers", "TLS_A, TLS_B TLS_C",
                "sslKeyStore", "/k.p12", "sslKeyStorePassword", "kpw", "sslKeyStoreType", "PKCS12",
                "sslKeyStoreProvider", "SUN", "sslKeyAlias", "me", "sslTrustStore", "/t.jks",
                "sslTrustStorePassword", "tpw", "sslTrustStoreType", "JKS", "sslTrustStoreProvider", "SunJSSE",
                "sslCrlFile", "/c.crl", "sslCertificateEncodingAlgorithm", "PKIX", "sslTrustAlgorithm", "SunX509",
                "sslTrustMaxCertLength", "7").tls();
        assertEquals(TlsSettings.builder().enabled(true).protocol("TLSv1.3")
                .cipherSuites(List.of("TLS_A", "TLS_B", "TLS_C")).keyStore("/k.p12").keyStorePassword("kpw")
                .keyStoreType("PKCS12").keyStoreProvider("SUN").keyAlias("me").trustStore("/t.jks")
                .trustStorePassword("tpw").trustStoreType("JKS").trustStoreProvider("SunJSSE").crlFile("/c.crl")
                .keyManagerAlgorithm("PKIX").trustManagerAlgorithm("SunX509").maxCertPathLength(7).build(), t);
    }

    @Test
    void contextsAndDraining() {
        AgentConfig c = parse("excludedContexts", "ROOT, host:/admin", "autoEnableContexts", "false",
                "stopContextTimeout", "1500", "stopContextTimeoutUnit", "milliseconds",
                "sessionDrainingStrategy", "always");
        assertTrue(c.excludedContexts().isExcluded("x", ""));
        assertTrue(c.excludedContexts().isExcluded("host", "/admin"));
        assertFalse(c.autoEnableContexts());
        assertEquals(new DrainSettings(1500, TimeUnit.MILLISECONDS, SessionDrainingStrategy.ALWAYS), c.drain());
        assertEquals(Optional.of(Duration.ofMillis(1500)), c.drain().timeout());
    }

    @Test
    void zeroOrNegativeDrainTimeoutMeansNoBound() {
        assertEquals(Optional.empty(), parse("stopContextTimeout", "0").drain().timeout());
        assertEquals(Optional.empty(), parse("stopContextTimeout", "-1").drain().timeout());
        assertEquals(SessionDrainingStrategy.NEVER, parse("sessionDrainingStrategy", "NEVER").drain()
                .sessionDrainingStrategy());
    }

    @Test
    void nodeSettings() {
        NodeSettings n = parse("balancer", "web", "loadBalancingGroup", "dc1", "stickySession", "off",
                "stickySessionRemove", "true", "stickySessionForce", "no", "workerTimeout", "5", "maxAttempts", "0",
                "flushPackets", "on", "flushWait", "20", "ping", "3", "smax", "8", "ttl", "60", "nodeTimeout", "30")
                .node();
        assertEquals(new NodeSettings(Optional.of("web"), Optional.of("dc1"), false, true, false,
                5, 0, true, 20, 3, 8, 60, 30), n);
        assertTrue(parse("stickySessionForce", "TRUE").node().stickySessionForce());
        assertEquals(-1, parse("ping", "-1").node().ping());
    }

    @Test
    void connectorAndIdentity() {
        AgentConfig c = parse("connectorPort", "8009", "connectorAddress", "10.0.0.5",
                "externalConnectorAddress", "203.0.113.7", "externalConnectorPort", "18009", "jvmRoute", "node-1");
        assertEquals(new ConnectorSelection(OptionalInt.of(8009), Optional.of("10.0.0.5"),
                Optional.of("203.0.113.7"), OptionalInt.of(18009)), c.connector());
        assertEquals(Optional.of("node-1"), c.jvmRoute());
    }

    @Test
    void statusAndRepair() {
        AgentConfig c = parse("statusInterval", "0.5", "repairInterval", "0", "processStatusFrequency", "3");
        assertEquals(Duration.ofMillis(500), c.statusInterval());
        assertEquals(0, c.repairInterval());
        assertEquals(OptionalInt.of(3), c.processStatusFrequency());
        assertEquals(Duration.ofSeconds(30), parse("statusInterval", "30").statusInterval());
        assertEquals(Duration.ofMillis(2250), parse("statusInterval", "2.25").statusInterval());
    }

    @Test
    void agentCheckAndProxyResolution() {
        AgentConfig d = AgentConfig.defaults();
        assertFalse(d.agentCheck().enabled());
        assertEquals(Optional.empty(), d.agentCheck().address());
        assertEquals(Duration.ofSeconds(30), d.proxyResolveInterval());
        AgentConfig c = parse("agentCheckPort", "9666", "agentCheckAddress", "[::1]", "proxyResolveInterval", "2.5");
        assertEquals(OptionalInt.of(9666), c.agentCheck().port());
        assertEquals(Optional.of("::1"), c.agentCheck().address());
        assertEquals(Duration.ofMillis(2500), c.proxyResolveInterval());
        assertEquals(c, parse(c.toProperties(), java.util.Set.of()));
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void blankValuesMeanDefault() {
        AgentConfig c = parse("socketTimeout", " ", "proxyList", "", "stickySessionForce", "", "jvmRoute", "  ");
        assertEquals(AgentConfig.defaults(), c);
        java.util.Map<String, String> withNull = new java.util.HashMap<>();
        withNull.put("ping", null);
        assertEquals(AgentConfig.defaults(), parse(withNull, java.util.Set.of()));
    }

    @Test
    void valuesAreTrimmed() {
        assertEquals(Duration.ofMillis(500), parse("socketTimeout", " 500 ").socketTimeout());
        assertEquals(Optional.of("n1"), parse("jvmRoute", " n1\t").jvmRoute());
    }

    @Test
    void propertiesRoundTrip() {
        AgentConfig c = parse("proxyList", "a:1,[::1]:2", "proxyURL", "/p", "ssl", "true", "sslKeyStorePassword", "s3",
                "excludedContexts", "/, h:x", "stopContextTimeoutUnit", "MINUTES", "stickySessionForce", "false",
                "statusInterval", "0.25", "processStatusFrequency", "2", "connectorPort", "8080", "ttl", "9",
                "localAddress", "10.1.1.1", "jvmRoute", "n1", "balancer", "b", "loadBalancingGroup", "g");
        java.util.Map<String, String> properties = c.toProperties();
        assertEquals("a:1,[::1]:2", properties.get("proxyList"));
        assertEquals("0.25", properties.get("statusInterval"));
        assertEquals("s3", properties.get("sslKeyStorePassword"));
        assertEquals(c, parse(properties, java.util.Set.of()));
        assertEquals(AgentConfig.defaults(), parse(AgentConfig.defaults().toProperties(), java.util.Set.of()));
    }

    @Test
    void namesOwnedElsewhereAreLeftAlone() {
        AgentConfig c = parse(props("loadMetrics", "cpu(weight=2)", "advertise", "false", "myOwn", "1"),
                java.util.Set.of("loadMetrics", "advertise", "myOwn"));
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void propertyNamesListsOwnNamesAndAliases() {
        assertTrue(ConfigParser.propertyNames().containsAll(List.of("proxyList", "jvmRoute", "domain",
                "sslTrustMaxCertLength", "processStatusFrequency", "repairInterval", "localAddress")));
        assertFalse(ConfigParser.propertyNames().contains("loadMetrics"));
        assertFalse(ConfigParser.propertyNames().contains("advertise"));
    }
}
