package org.clusteragent.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import org.clusteragent.spi.ProxyAddress;

/**
 * The agent core's configuration: everything from the string properties except what load metrics
 * and advertise read themselves. Immutable and thread-safe; obtained from
 * {@link ConfigParser#parse} (or {@link #defaults()}), never changed afterwards — run-time changes
 * go through explicit operations. Units: {@link #socketTimeout()} and {@link #statusInterval()} are
 * durations; {@link #repairInterval()} and {@link #processStatusFrequency()} count periods.
 */
public final class AgentConfig {

    private final List<ProxyAddress> proxies;
    private final String proxyUrl;
    private final Duration socketTimeout;
    private final Optional<String> localAddress;
    private final TlsSettings tls;
    private final ContextExclusions excludedContexts;
    private final boolean autoEnableContexts;
    private final DrainSettings drain;
    private final NodeSettings node;
    private final ConnectorSelection connector;
    private final Optional<String> jvmRoute;
    private final Duration statusInterval;
    private final int repairInterval;
    private final OptionalInt processStatusFrequency;
    private final Duration probeInterval;
    private final Duration proxyResolveInterval;
    private final AgentCheckSettings agentCheck;
    private final List<String> warnings;

    AgentConfig(List<ProxyAddress> proxies, String proxyUrl, Duration socketTimeout, Optional<String> localAddress,
                TlsSettings tls, ContextExclusions excludedContexts, boolean autoEnableContexts,
                DrainSettings drain, NodeSettings node, ConnectorSelection connector, Optional<String> jvmRoute,
                Duration statusInterval, int repairInterval, OptionalInt processStatusFrequency,
                Duration probeInterval, Duration proxyResolveInterval, AgentCheckSettings agentCheck,
                List<String> warnings) {
        this.proxies = List.copyOf(proxies);
        this.proxyUrl = Objects.requireNonNull(proxyUrl);
        this.socketTimeout = Objects.requireNonNull(socketTimeout);
        this.localAddress = Objects.requireNonNull(localAddress);
        this.tls = Objects.requireNonNull(tls);
        this.excludedContexts = Objects.requireNonNull(excludedContexts);
        this.autoEnableContexts = autoEnableContexts;
        this.drain = Objects.requireNonNull(drain);
        this.node = Objects.requireNonNull(node);
        this.connector = Objects.requireNonNull(connector);
        this.jvmRoute = Objects.requireNonNull(jvmRoute);
        this.statusInterval = Objects.requireNonNull(statusInterval);
        this.repairInterval = repairInterval;
        this.processStatusFrequency = Objects.requireNonNull(processStatusFrequency);
        this.probeInterval = Objects.requireNonNull(probeInterval);
        this.proxyResolveInterval = Objects.requireNonNull(proxyResolveInterval);
        this.agentCheck = Objects.requireNonNull(agentCheck);
        this.warnings = List.copyOf(warnings);
    }

    /** The configuration when no property is given. */
    public static AgentConfig defaults() {
        return ConfigParser.parse(Map.of(), Set.of());
    }

    /** {@code proxyList}: proxies to talk to from the start, in the order written, without duplicates. */
    public List<ProxyAddress> proxies() {
        return proxies;
    }

    /** {@code proxyURL}: path prefix of every MCMP request, {@code ""} or e.g. {@code /cluster} (no trailing slash). */
    public String proxyUrl() {
        return proxyUrl;
    }

    /** {@code socketTimeout}: connect and read timeout of one MCMP exchange (default 20 s). */
    public Duration socketTimeout() {
        return socketTimeout;
    }

    /** {@code localAddress}: local address to bind proxy connections to (name or IP literal), if set. */
    public Optional<String> localAddress() {
        return localAddress;
    }

    /** TLS to proxies ({@code ssl*} attributes). */
    public TlsSettings tls() {
        return tls;
    }

    /** {@code excludedContexts}. */
    public ContextExclusions excludedContexts() {
        return excludedContexts;
    }

    /** {@code autoEnableContexts}: false registers contexts disabled until an operation enables them. */
    public boolean autoEnableContexts() {
        return autoEnableContexts;
    }

    /** {@code stopContextTimeout}, {@code stopContextTimeoutUnit}, {@code sessionDrainingStrategy}. */
    public DrainSettings drain() {
        return drain;
    }

    /** The CONFIG node/balancer settings. */
    public NodeSettings node() {
        return node;
    }

    /** {@code connectorPort}, {@code connectorAddress} and their external counterparts. */
    public ConnectorSelection connector() {
        return connector;
    }

    /** {@code jvmRoute}, when configured; otherwise the container's, the system property, then a UUID. */
    public Optional<String> jvmRoute() {
        return jvmRoute;
    }

    /** {@code statusInterval}: time between two STATUS (default 10 s). */
    public Duration statusInterval() {
        return statusInterval;
    }

    /** {@code repairInterval}: status periods between two INFO drift checks (default 6); 0 = never. */
    public int repairInterval() {
        return repairInterval;
    }

    /**
     * {@code processStatusFrequency}: when present, STATUS is sent every N container background ticks
     * (mod_cluster's Tomcat behaviour) instead of by the agent's own scheduler every {@link #statusInterval()}.
     */
    public OptionalInt processStatusFrequency() {
        return processStatusFrequency;
    }

    /**
     * {@code probeInterval}: how long a proxy's connection may stay idle before the agent sends
     * each of its nodes' {@code PING JVMRoute=…} (default 1 s; zero: never). A proxy that has
     * forgotten a node while keeping its id (httpd's graceful restart) answers that PING with
     * {@code MEM}, so the node is told again within about this long.
     */
    public Duration probeInterval() {
        return probeInterval;
    }

    /**
     * {@code proxyResolveInterval}: how often a {@code proxyList} entry that is a host name is
     * resolved again to all its addresses (default 30 s). It is also resolved at once when every
     * proxy of that name has failed.
     */
    public Duration proxyResolveInterval() {
        return proxyResolveInterval;
    }

    /** {@code agentCheckPort}, {@code agentCheckAddress}: the HAProxy agent-check responder, off by default. */
    public AgentCheckSettings agentCheck() {
        return agentCheck;
    }

    /** Warnings produced while parsing (each also logged once), e.g. ignored mod_cluster attributes. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The effective value of every attribute this configuration covers, in attribute syntax, so that
     * {@code ConfigParser.parse(toProperties(), ...)} gives an equal configuration. Unset optional
     * attributes are left out. Contains passwords in clear: log {@link #describe()} instead.
     */
    public Map<String, String> toProperties() {
        return PropertyWriter.write(this);
    }

    /** One line for logs: every attribute of {@link #toProperties()}, passwords masked. */
    public String describe() {
        return toProperties().entrySet().stream()
                .map(e -> e.getKey() + "=" + (AttributeNames.SECRETS.contains(e.getKey()) ? TlsSettings.MASK : e.getValue()))
                .collect(Collectors.joining(", "));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgentConfig that && toProperties().equals(that.toProperties());
    }

    @Override
    public int hashCode() {
        return toProperties().hashCode();
    }

    @Override
    public String toString() {
        return "AgentConfig[" + describe() + "]";
    }
}
