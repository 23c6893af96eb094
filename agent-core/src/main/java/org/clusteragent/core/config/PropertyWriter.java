package org.clusteragent.core.config;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.clusteragent.spi.ProxyAddress;

/** Turns an {@link AgentConfig} back into attribute syntax; the inverse of {@link ConfigParser}. */
final class PropertyWriter {

    private final Map<String, String> out = new LinkedHashMap<>();

    private PropertyWriter() {
    }

    static Map<String, String> write(AgentConfig config) {
        PropertyWriter w = new PropertyWriter();
        w.put("proxyList", config.proxies().stream().map(PropertyWriter::hostPort).collect(Collectors.joining(",")));
        w.put("proxyURL", config.proxyUrl());
        w.put("socketTimeout", Long.toString(config.socketTimeout().toMillis()));
        w.put("localAddress", config.localAddress());
        TlsSettings tls = config.tls();
        w.put("ssl", Boolean.toString(tls.enabled()));
        w.put("sslProtocol", tls.protocol());
        w.put("sslCiphers", String.join(",", tls.cipherSuites()));
        w.put("sslKeyStore", tls.keyStore());
        w.put("sslKeyStorePassword", tls.keyStorePassword());
        w.put("sslKeyStoreType", tls.keyStoreType());
        w.put("sslKeyStoreProvider", tls.keyStoreProvider());
        w.put("sslKeyAlias", tls.keyAlias());
        w.put("sslTrustStore", tls.trustStore());
        w.put("sslTrustStorePassword", tls.trustStorePassword());
        w.put("sslTrustStoreType", tls.trustStoreType());
        w.put("sslTrustStoreProvider", tls.trustStoreProvider());
        w.put("sslCrlFile", tls.crlFile());
        w.put("sslCertificateEncodingAlgorithm", tls.keyManagerAlgorithm());
        w.put("sslTrustAlgorithm", tls.trustManagerAlgorithm());
        w.put("sslTrustMaxCertLength", Integer.toString(tls.maxCertPathLength()));
        w.put("excludedContexts", config.excludedContexts().toString());
        w.put("autoEnableContexts", Boolean.toString(config.autoEnableContexts()));
        w.put("stopContextTimeout", Long.toString(config.drain().stopContextTimeout()));
        w.put("stopContextTimeoutUnit", config.drain().stopContextTimeoutUnit().name());
        w.put("sessionDrainingStrategy", config.drain().sessionDrainingStrategy().name());
        NodeSettings node = config.node();
        w.put("balancer", node.balancer());
        w.put("loadBalancingGroup", node.loadBalancingGroup());
        w.put("stickySession", Boolean.toString(node.stickySession()));
        w.put("stickySessionRemove", Boolean.toString(node.stickySessionRemove()));
        w.put("stickySessionForce", Boolean.toString(node.stickySessionForce()));
        w.put("workerTimeout", Integer.toString(node.workerTimeout()));
        w.put("maxAttempts", Integer.toString(node.maxAttempts()));
        w.put("flushPackets", Boolean.toString(node.flushPackets()));
        w.put("flushWait", Integer.toString(node.flushWait()));
        w.put("ping", Integer.toString(node.ping()));
        w.put("smax", Integer.toString(node.smax()));
        w.put("ttl", Integer.toString(node.ttl()));
        w.put("nodeTimeout", Integer.toString(node.nodeTimeout()));
        ConnectorSelection connector = config.connector();
        w.put("connectorPort", connector.port());
        w.put("connectorAddress", connector.address());
        w.put("externalConnectorAddress", connector.externalAddress());
        w.put("externalConnectorPort", connector.externalPort());
        w.put("jvmRoute", config.jvmRoute());
        w.put("statusInterval", seconds(config.statusInterval().toNanos()));
        w.put("repairInterval", Integer.toString(config.repairInterval()));
        w.put("processStatusFrequency", config.processStatusFrequency());
        w.put("probeInterval", seconds(config.probeInterval().toNanos()));
        w.put("proxyResolveInterval", seconds(config.proxyResolveInterval().toNanos()));
        w.put("agentCheckPort", config.agentCheck().port());
        w.put("agentCheckAddress", config.agentCheck().address());
        return Collections.unmodifiableMap(w.out);
    }

    private static String hostPort(ProxyAddress proxy) {
        String host = proxy.host().indexOf(':') >= 0 ? "[" + proxy.host() + "]" : proxy.host();
        return host + ":" + proxy.port();
    }

    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    private void put(String name, String value) {
        if (!value.isEmpty()) {
            out.put(name, value);
        }
    }

    private void put(String name, Optional<String> value) {
        value.ifPresent(v -> put(name, v));
    }

    private void put(String name, OptionalInt value) {
        value.ifPresent(v -> put(name, Integer.toString(v)));
    }
}
