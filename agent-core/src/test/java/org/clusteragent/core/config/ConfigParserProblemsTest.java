package org.clusteragent.core.config;

import static org.clusteragent.core.config.ConfigTestSupport.parse;
import static org.clusteragent.core.config.ConfigTestSupport.problems;
import static org.clusteragent.core.config.ConfigTestSupport.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.clusteragent.spi.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad value, with the exact message naming attribute and value. */
class ConfigParserProblemsTest {

    private static final String BOOL = "not a boolean; use true or false (yes/no and on/off work too)";
    private static final String UNSET = ", or -1 to leave the proxy's default";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ssl                 | maybe",
            "autoEnableContexts  | 1",
            "stickySession       | y",
            "stickySessionRemove | enabled",
            "stickySessionForce  | TRUE!",
            "flushPackets        | 0",
    })
    void booleans(String name, String value) {
        assertEquals(List.of(name + "=\"" + value + "\": " + BOOL), problems(name, value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "stopContextTimeout   | ten  | not a number; use a whole number such as 10 (unit: stopContextTimeoutUnit, default SECONDS), at most one day, or 0 (or -1) for no bound",
            "stopContextTimeout   | 1.5  | not a number; use a whole number such as 10 (unit: stopContextTimeoutUnit, default SECONDS), at most one day, or 0 (or -1) for no bound",
            "stopContextTimeout   | 99999999999999999999 | out of range; use a whole number such as 10 (unit: stopContextTimeoutUnit, default SECONDS), at most one day, or 0 (or -1) for no bound",
            "socketTimeout        | 0    | out of range; use a whole number of milliseconds in 50..600000 such as 20000",
            "socketTimeout        | 20s  | not a number; use a whole number of milliseconds in 50..600000 such as 20000",
            "socketTimeout        | 3000000000 | out of range; use a whole number of milliseconds in 50..600000 such as 20000",
            "workerTimeout        | -2   | out of range; use a whole number of seconds such as 10 (at most 86400)" + UNSET,
            "maxAttempts          | many | not a number; use a whole number such as 3 (at most 100)" + UNSET,
            "flushWait            | 1e3  | not a number; use a whole number of milliseconds such as 10 (at most 60000)" + UNSET,
            "ping                 | -5   | out of range; use a whole number of seconds such as 10 (at most 3600)" + UNSET,
            "smax                 | x    | not a number; use a whole number such as 20 (at most 100000)" + UNSET,
            "ttl                  | 1.0  | not a number; use a whole number of seconds such as 60 (at most 86400)" + UNSET,
            "nodeTimeout          | -100 | out of range; use a whole number of seconds such as 60 (at most 86400)" + UNSET,
            "connectorPort        | 0    | out of range; use a port number in 1..65535 such as 8080",
            "connectorPort        | http | not a number; use a port number in 1..65535 such as 8080",
            "externalConnectorPort | 70000 | out of range; use a port number in 1..65535 such as 8080",
            "repairInterval       | -1   | out of range; use a whole number of status periods in 1..100000 such as 6, or 0 to turn drift checks off",
            "processStatusFrequency | 0  | out of range; use a whole number of container background ticks in 1..100000 such as 1",
            "sslTrustMaxCertLength | -1  | out of range; use a whole number of certificates in 0..100 such as 5",
            "statusInterval       | 0    | out of range; use a number of seconds in 0.1..3600 such as 10 or 0.5",
            "statusInterval       | -1   | out of range; use a number of seconds in 0.1..3600 such as 10 or 0.5",
            "statusInterval       | 90000 | out of range; use a number of seconds in 0.1..3600 such as 10 or 0.5",
            "statusInterval       | fast | not a number; use a number of seconds in 0.1..3600 such as 10 or 0.5",
            "agentCheckPort       | 0    | out of range; use a TCP port such as 9666 (1..65535)",
            "agentCheckPort       | http | not a number; use a TCP port such as 9666 (1..65535)",
            "agentCheckAddress    | a b  | not a host name or IP address; use a local address such as 10.0.0.5, or leave it out for the connector's address",
            "proxyResolveInterval | 0    | out of range; use a number of seconds in 0.1..86400 such as 30 or 0.5",
            "proxyResolveInterval | 30s  | not a number; use a number of seconds in 0.1..86400 such as 30 or 0.5",
            "statusInterval       | 1,5  | not a number; use a number of seconds in 0.1..3600 such as 10 or 0.5",
    })
    void numbers(String name, String value, String reason) {
        assertEquals(List.of(name + "=\"" + value + "\": " + reason), problems(name, value));
    }

    @Test
    void enums() {
        assertEquals(List.of("stopContextTimeoutUnit=\"secs\": not a time unit; use one of NANOSECONDS, MICROSECONDS, "
                + "MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS (case-insensitive)"), problems("stopContextTimeoutUnit", "secs"));
        assertEquals(List.of("sessionDrainingStrategy=\"SOMETIMES\": not a session draining strategy; use one of "
                + "DEFAULT, ALWAYS, NEVER (case-insensitive)"), problems("sessionDrainingStrategy", "SOMETIMES"));
    }

    @Test
    void drainTimeoutTooLongForItsUnit() {
        assertEquals(List.of("stopContextTimeout=\"9223372036854775807\": too long in DAYS; use at most one day "
                        + "(86400 SECONDS), or 0 for no bound"),
                problems("stopContextTimeout", "9223372036854775807", "stopContextTimeoutUnit", "days"));
    }

    @Test
    void proxyListNamesEachBadEntry() {
        assertEquals(List.of(
                "proxyList=\"a:1, b:x, http://c\": entry \"b:x\": port \"x\" is not a number in 1..65535; "
                        + "write host:port, [IPv6]:port or host (port 8000)",
                "proxyList=\"a:1, b:x, http://c\": entry \"http://c\": no scheme allowed; write host:port, "
                        + "[IPv6]:port or host (port 8000) (TLS is chosen by the ssl attribute)"),
                problems("proxyList", "a:1, b:x, http://c"));
    }

    @Test
    void excludedContextsNamesEachBadEntry() {
        assertEquals(List.of("excludedContexts=\"a:b:c\": entry \"a:b:c\": more than one ':'; "
                        + "write ctx or host:ctx, comma-separated (ROOT or / for the root context)"),
                problems("excludedContexts", "a:b:c"));
    }

    @Test
    void proxyUrlMustBeAPath() {
        assertEquals(List.of("proxyURL=\"http://proxy/x\": a path prefix such as /cluster is expected, not a URL; "
                + "put the proxy's host:port in proxyList"), problems("proxyURL", "http://proxy/x"));
        assertEquals(List.of("proxyURL=\"/a b\": not a path; use a path prefix such as /cluster"),
                problems("proxyURL", "/a b"));
    }

    @Test
    void addressesAndNames() {
        assertEquals(List.of("localAddress=\"10.0.0.1:80\": not a host name or IP address; use a local address such as 10.0.0.5"),
                problems("localAddress", "10.0.0.1:80"));
        assertEquals(List.of("connectorAddress=\"a b\": not a host name or IP address; use the address a connector is "
                + "bound to, such as 10.0.0.5"), problems("connectorAddress", "a b"));
        assertEquals(List.of("externalConnectorAddress=\"0.0.0.0\": a wildcard address cannot be reached by a proxy; "
                + "use the address proxies must use to reach this node"), problems("externalConnectorAddress", "0.0.0.0"));
        assertEquals(List.of("externalConnectorAddress=\"::\": a wildcard address cannot be reached by a proxy; "
                + "use the address proxies must use to reach this node"), problems("externalConnectorAddress", "[::]"));
        assertEquals(List.of("jvmRoute=\"node 1\": contains white space; use a name without spaces such as node1"),
                problems("jvmRoute", "node 1"));
        String longName = "n".repeat(64);
        assertEquals(List.of("balancer=\"" + longName + "\": longer than 63 characters, which proxies cut; "
                + "use a shorter name"), problems("balancer", longName));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> parse(
                "proxyList", "a:x", "socketTimeout", "soon", "ssl", "maybe", "stickySessionForce", "perhaps",
                "stopContextTimeout", "ten", "ping", "-7", "statusInterval", "0", "proxylist", "b:1",
                "jvmRoute", "a b", "sessionDrainingStrategy", "LATER"));
        assertEquals(10, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid clusteragent configuration (10 problems):"), e.getMessage());
        for (String name : List.of("proxyList=", "socketTimeout=", "ssl=", "stickySessionForce=", "stopContextTimeout=",
                "ping=", "statusInterval=", "proxylist=", "jvmRoute=", "sessionDrainingStrategy=")) {
            assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(name)), name + " in " + e.problems());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "proxylist           | proxyList",
            "ProxyURL            | proxyURL",
            "socketTimeOut       | socketTimeout",
            "excludeContexts     | excludedContexts",
            "stickySessionForced | stickySessionForce",
            "sslKeystore         | sslKeyStore",
            "advertize           | advertise",
            "loadMetric          | loadMetrics",
            "jvmroute            | jvmRoute",
            "statusIntervall     | statusInterval",
    })
    void unknownNamesGetASuggestion(String name, String suggestion) {
        assertEquals(List.of(name + "=\"v\": unknown attribute; did you mean " + suggestion
                + "? (names are case-sensitive)"), problems(name, "v"));
    }

    @Test
    void unknownNameWithoutCloseMatch() {
        assertEquals(List.of("frobnicate=\"1\": unknown attribute; see docs/attributes.md for accepted names (case-sensitive)"),
                problems("frobnicate", "1"));
    }

    @Test
    void unknownSecretLookingNamesHaveTheirValueMasked() {
        List<String> problems = problems("sslKeystorePassword", "hunter2");
        assertEquals(List.of("sslKeystorePassword=\"****\": unknown attribute; did you mean sslKeyStorePassword? "
                + "(names are case-sensitive)"), problems);
    }

    @Test
    void modClusterCompatNamesAreAcceptedWithOneWarningEach() {
        AgentConfig c = parse("advertiseSocketAddress", "x", "advertiseThreadFactory", "y", "proxyConfiguration", "z",
                "proxyConfigurations", "z", "proxies", "p", "jvmRouteFactory", "f", "jvmRouteFactoryClass", "g",
                "excludedContextsPerHost", "e", "containerName", "c", "proxyInfo", "i", "className", "org.X");
        assertEquals(10, c.warnings().size(), c.warnings().toString());
        assertTrue(c.warnings().stream().allMatch(w -> w.startsWith("CLAG3001: ")), c.warnings().toString());
        assertTrue(c.warnings().contains("CLAG3001: jvmRouteFactoryClass is an attribute of the mod_cluster listener "
                + "with no effect here; ignored (use jvmRoute (or the system property jboss.mod_cluster.jvmRoute))"));
        assertFalse(c.warnings().stream().anyMatch(w -> w.contains("className")), "className is the container's");
    }

    @Test
    void modClusterMeaningfulNamesMapToOurs() {
        AgentConfig c = parse("domain", "dc1", "sslTrustAlgorithm", "PKIX", "sslCertificateEncodingAlgorithm", "SunX509",
                "sslTrustMaxCertLength", "3");
        assertEquals(java.util.Optional.of("dc1"), c.node().loadBalancingGroup());
        assertEquals(java.util.Optional.of("PKIX"), c.tls().trustManagerAlgorithm());
        assertEquals(java.util.Optional.of("SunX509"), c.tls().keyManagerAlgorithm());
        assertEquals(3, c.tls().maxCertPathLength());
        assertEquals(java.util.Optional.of("dc1"), parse("domain", "dc1", "loadBalancingGroup", "dc1").node()
                .loadBalancingGroup());
        assertEquals(List.of("domain=\"dc1\": is mod_cluster's older name for loadBalancingGroup, which is set to "
                + "\"dc2\"; keep only loadBalancingGroup"), problems("domain", "dc1", "loadBalancingGroup", "dc2"));
    }

    @Test
    void aTypicalModClusterServerXmlListenerParses() {
        AgentConfig c = parse(props("className", "org.jboss.modcluster.container.tomcat.ModClusterListener",
                "proxyList", "httpd1:6666,httpd2:6666", "advertise", "false", "stickySessionForce", "false",
                "loadMetricClass", "org.jboss.modcluster.load.metric.impl.BusyConnectorsLoadMetric",
                "loadDecayFactor", "2", "loadHistory", "9", "excludedContexts", "ROOT,manager,host-manager",
                "connectorPort", "8009", "stopContextTimeout", "20", "sessionDrainingStrategy", "ALWAYS",
                "domain", "lbgroup1"), ConfigTestSupport.ELSEWHERE);
        assertEquals(2, c.proxies().size());
        assertTrue(c.excludedContexts().isExcluded("localhost", "/host-manager"));
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void otherModulesNamesAreAcceptedWhenThatModuleIsMissing() {
        AgentConfig c = parse(props("advertise", "true", "advertiseSecurityKey", "secret"), Set.of());
        assertEquals(List.of("CLAG3002: advertise is read by the advertise-listener module, which is not installed; ignored",
                "CLAG3002: advertiseSecurityKey is read by the advertise-listener module, which is not installed; ignored"),
                c.warnings());
    }

    @Test
    void longBalancerAndGroupNamesWarnAboutOlderProxies() {
        AgentConfig c = parse("balancer", "b".repeat(41), "loadBalancingGroup", "g".repeat(21));
        assertEquals(2, c.warnings().size());
        assertTrue(c.warnings().get(0).startsWith("CLAG3004: balancer=\"bbbb"), c.warnings().toString());
    }

    @Test
    void processStatusFrequencyOverridesStatusIntervalWithAWarning() {
        AgentConfig c = parse("processStatusFrequency", "2", "statusInterval", "5");
        assertEquals(java.util.OptionalInt.of(2), c.processStatusFrequency());
        assertEquals(List.of("CLAG3005: statusInterval is not used because processStatusFrequency is set: STATUS "
                + "follows the container's background ticks; remove one of the two"), c.warnings());
    }

    @Test
    void agentCheckAddressWithoutAPortWarns() {
        try (org.clusteragent.spi.testing.CapturedLog log = org.clusteragent.spi.testing.CapturedLog.capture()) {
            assertEquals(List.of("CLAG2503: agentCheckAddress=127.0.0.1 is not used because agentCheckPort is not set: "
                    + "set agentCheckPort to answer HAProxy agent checks"), parse("agentCheckAddress", "127.0.0.1").warnings());
            assertEquals(1, log.withId("CLAG2503").size(), log.toString());
        }
    }

    @Test
    void cipherListsIgnoreEmptyEntries() {
        assertEquals(List.of("A", "B"), parse("sslCiphers", ",A,, B").tls().cipherSuites());
    }

    @Test
    void unknownSecurityKeyLookalikeIsMasked() {
        assertEquals(List.of("advertiseSecuritykey=\"****\": unknown attribute; did you mean advertiseSecurityKey? "
                + "(names are case-sensitive)"), problems("advertiseSecuritykey", "s3cret"));
    }

    @Test
    void passwordsAreMaskedInDescriptions() {
        AgentConfig c = parse("ssl", "true", "sslKeyStorePassword", "kp-secret", "sslTrustStorePassword", "tp-secret");
        for (String text : List.of(c.describe(), c.toString(), c.tls().toString())) {
            assertFalse(text.contains("kp-secret"), text);
            assertFalse(text.contains("tp-secret"), text);
            assertTrue(text.contains("sslKeyStorePassword=****") || text.contains("keyStorePassword=****"), text);
        }
        assertTrue(c.describe().contains("sslTrustStorePassword=****"), c.describe());
        assertEquals("kp-secret", c.tls().keyStorePassword(), "the value itself stays usable");
    }
}
