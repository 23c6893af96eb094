package org.clusteragent.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every attribute name the configuration knows, grouped by who reads it. Names are case-sensitive.
 *
 * <p>Facts about the mod_cluster Tomcat listener ({@code org.jboss.modcluster.container.tomcat
 * .ModClusterListener}, which extends {@code org.jboss.modcluster.config.impl.ModClusterConfig};
 * the older {@code ...catalina.standalone.ModClusterListener} is an empty subclass of it), read
 * from the modcluster/mod_cluster sources (1.4 line) and its {@code mbeans-descriptors.xml}, so
 * that a server.xml written for it keeps working after changing only {@code className}:
 * <ul>
 * <li>Tomcat sets {@code <Listener>} attributes through the listener's bean setters. The
 *     string/number/boolean setters are: proxyList, proxyURL, socketTimeout, advertise,
 *     advertiseGroupAddress, advertisePort, advertiseInterface, advertiseSecurityKey,
 *     excludedContexts, autoEnableContexts, stopContextTimeout, sessionDrainingStrategy (DEFAULT,
 *     ALWAYS, NEVER; anything else silently meant DEFAULT there), ssl, sslCiphers, sslProtocol,
 *     sslCertificateEncodingAlgorithm (KeyManagerFactory algorithm), sslKeyStore,
 *     sslKeyStorePassword, sslKeyStoreType, sslKeyStoreProvider, sslTrustAlgorithm
 *     (TrustManagerFactory algorithm), sslKeyAlias, sslCrlFile, sslTrustMaxCertLength (default 5),
 *     sslTrustStore, sslTrustStorePassword, sslTrustStoreType, sslTrustStoreProvider,
 *     loadBalancingGroup, flushPackets, flushWait, ping, smax, ttl, nodeTimeout, balancer,
 *     stickySession, stickySessionRemove, stickySessionForce, workerTimeout, maxAttempts,
 *     connectorAddress, connectorPort, loadMetricClass, loadMetricCapacity, loadHistory,
 *     loadDecayFactor.</li>
 * <li>Setters taking Java objects, which a server.xml cannot really fill but which are bean
 *     properties of the listener: stopContextTimeoutUnit (TimeUnit), advertiseSocketAddress
 *     (InetSocketAddress), advertiseThreadFactory (ThreadFactory), proxyConfigurations and the
 *     deprecated proxies (collections), excludedContextsPerHost (Map), jvmRouteFactory and
 *     jvmRouteFactoryClass (a JvmRouteFactory).</li>
 * <li>{@code mbeans-descriptors.xml} also declares {@code domain} ("Domain parameter, which allows
 *     tying a jvmRoute to a particular domain": the MCMP {@code Domain}, mod_cluster 1.0's name
 *     for what later became loadBalancingGroup; the RHQ plugin labels it "loadBalancingGroup
 *     name"), {@code containerName}, and the read-only {@code proxyConfiguration} and
 *     {@code proxyInfo}.</li>
 * <li>The Tomcat listener has no jvmRoute attribute (the Engine's jvmRoute, then the system
 *     property {@code jboss.mod_cluster.jvmRoute}, then a UUID), and its status frequency is a
 *     system property ({@code org.jboss.modcluster.container.catalina.status-frequency}), not an
 *     attribute; {@code processStatusFrequency} was an attribute of the old HA service.</li>
 * </ul>
 */
final class AttributeNames {

    private AttributeNames() {
    }

    /** Read by {@link ConfigParser}, in the order {@link AgentConfig#toProperties()} lists them. */
    static final List<String> OWN = List.of(
            "proxyList", "proxyURL", "socketTimeout", "localAddress",
            "ssl", "sslProtocol", "sslCiphers", "sslKeyStore", "sslKeyStorePassword", "sslKeyStoreType",
            "sslKeyStoreProvider", "sslKeyAlias", "sslTrustStore", "sslTrustStorePassword",
            "sslTrustStoreType", "sslTrustStoreProvider", "sslCrlFile",
            "sslCertificateEncodingAlgorithm", "sslTrustAlgorithm", "sslTrustMaxCertLength",
            "excludedContexts", "autoEnableContexts", "stopContextTimeout", "stopContextTimeoutUnit",
            "sessionDrainingStrategy",
            "balancer", "loadBalancingGroup", "stickySession", "stickySessionRemove", "stickySessionForce",
            "workerTimeout", "maxAttempts", "flushPackets", "flushWait", "ping", "smax", "ttl", "nodeTimeout",
            "connectorPort", "connectorAddress", "externalConnectorAddress", "externalConnectorPort",
            "jvmRoute", "statusInterval", "repairInterval", "processStatusFrequency", "probeInterval",
            "proxyResolveInterval", "agentCheckPort", "agentCheckAddress");

    /** Attributes whose value must never appear in logs or messages. */
    static final Set<String> SECRETS = Set.of("sslKeyStorePassword", "sslTrustStorePassword");

    /** mod_cluster's older name → ours. */
    static final Map<String, String> ALIASES = Map.of("domain", "loadBalancingGroup");

    /** Accepted without a word: consumed by the container itself. */
    static final Set<String> SILENT = Set.of("className");

    /** mod_cluster listener attributes with no meaning here → why, for the one warning each gets. */
    static final Map<String, String> IGNORED = ignored();

    /**
     * Attributes that another module reads (documented in docs/attributes.md). When that module is not
     * installed they are accepted with a warning rather than rejected, so a server.xml does not
     * break because an optional module is missing.
     */
    static final Map<String, String> OTHER_MODULES = otherModules();

    private static Map<String, String> ignored() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("advertiseSocketAddress", "use advertiseGroupAddress and advertisePort");
        map.put("advertiseThreadFactory", "the agent makes its own clusteragent-… threads");
        map.put("proxyConfigurations", "use proxyList (and localAddress)");
        map.put("proxies", "use proxyList");
        map.put("proxyConfiguration", "it is a read-only view in mod_cluster; use proxyList");
        map.put("proxyInfo", "it is a read-only view in mod_cluster");
        map.put("excludedContextsPerHost", "use excludedContexts with host:ctx entries");
        map.put("jvmRouteFactory", "use jvmRoute (or the system property jboss.mod_cluster.jvmRoute)");
        map.put("jvmRouteFactoryClass", "use jvmRoute (or the system property jboss.mod_cluster.jvmRoute)");
        map.put("containerName", "it names a Tomcat MBean container; nothing to configure here");
        return Map.copyOf(map);
    }

    private static Map<String, String> otherModules() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : List.of("loadMetrics", "loadMetricClass", "loadMetricCapacity", "loadHistory",
                "loadDecayFactor", "initialLoad", "hotStandby", "loadMetricFailurePolicy")) {
            map.put(name, "load-metrics");
        }
        for (String name : List.of("advertise", "advertiseGroupAddress", "advertisePort", "advertiseInterface",
                "advertiseInterfaceName", "advertiseSecurityKey", "advertiseTimeout", "advertiseMaxClockSkew")) {
            map.put(name, "advertise-listener");
        }
        return Map.copyOf(map);
    }
}
