package org.clusteragent.undertow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import org.clusteragent.core.ClusterAgent;
import org.clusteragent.core.ClusterAgentBuilder;
import org.clusteragent.spi.InvalidConfigurationException;

/**
 * Configures an {@link UndertowClusterAgent}: the attributes of docs/attributes.md given as a map, as
 * {@link Properties} or one by one (later values win), the virtual hosts with their aliases, and a
 * few embedding-only options. {@link #build()} validates everything at once and throws one
 * {@link InvalidConfigurationException} naming every bad attribute, exactly as the Tomcat listener
 * reports them; nothing is started. Not thread-safe; use once.
 */
public final class UndertowClusterAgentBuilder {

    /** An attribute that only makes sense where the container drives a periodic tick, as Tomcat does. */
    static final String NO_TICK = "processStatusFrequency";

    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<BoundExtension.HostSpec> hosts = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<Consumer<ClusterAgentBuilder>> customizers = new ArrayList<>();
    private boolean registerMBean = true;
    private String engineName = "undertow";

    UndertowClusterAgentBuilder() {
    }

    /** Adds every attribute of the map (names as in docs/attributes.md). */
    public UndertowClusterAgentBuilder properties(Map<String, String> attributes) {
        Objects.requireNonNull(attributes, "attributes").forEach(this::property);
        return this;
    }

    /** Adds every property, e.g. as loaded from a {@code .properties} file. */
    public UndertowClusterAgentBuilder properties(Properties attributes) {
        Objects.requireNonNull(attributes, "attributes");
        for (String name : attributes.stringPropertyNames()) {
            property(name, attributes.getProperty(name));
        }
        return this;
    }

    /** Sets one attribute, e.g. {@code property("proxyList", "10.0.0.1:6666")}. */
    public UndertowClusterAgentBuilder property(String name, String value) {
        if (name == null || name.isBlank()) {
            problems.add("an attribute without a name (value \"" + value + "\") was given; remove it");
        } else if (value == null) {
            problems.add(name + " has no value (null); give it one or leave it out");
        } else {
            properties.put(name.trim(), value.trim());
        }
        return this;
    }

    /**
     * Adds a virtual host. The first one added is the default host: deployments whose
     * {@code DeploymentInfo.getHostName()} names no added host belong to it. Without any call, the
     * node has one host, {@code localhost}, without aliases.
     */
    public UndertowClusterAgentBuilder host(String name, String... aliases) {
        if (name == null || name.isBlank()) {
            problems.add("host name \"" + name + "\" is blank; give the virtual host's name, e.g. localhost");
            return this;
        }
        List<String> list = aliases == null ? List.of() : Arrays.stream(aliases).filter(Objects::nonNull)
                .map(String::trim).filter(a -> !a.isEmpty()).distinct().toList();
        hosts.add(new BoundExtension.HostSpec(name.trim(), list));
        return this;
    }

    /** The engine name shown in logs and used to generate a stable jvmRoute (default {@code undertow}). */
    public UndertowClusterAgentBuilder engineName(String name) {
        if (name == null || name.isBlank()) {
            problems.add("engineName \"" + name + "\" is blank; leave the default (undertow) or name the node");
        } else {
            this.engineName = name.trim();
        }
        return this;
    }

    /** Whether the agent's JMX MBean is registered (default true). */
    public UndertowClusterAgentBuilder registerMBean(boolean register) {
        this.registerMBean = register;
        return this;
    }

    /** A ready SSLContext for TLS to proxies, instead of the ssl* attributes. */
    public UndertowClusterAgentBuilder sslContext(SSLContext context) {
        Objects.requireNonNull(context, "context");
        customizers.add(b -> b.sslContext(context));
        return this;
    }

    /** Adjusts the core agent's builder (load provider, discoveries, clock), e.g. in tests. */
    public UndertowClusterAgentBuilder customize(Consumer<ClusterAgentBuilder> customizer) {
        customizers.add(Objects.requireNonNull(customizer, "customizer"));
        return this;
    }

    /**
     * Builds the agent; starts nothing.
     *
     * @throws InvalidConfigurationException listing every problem of the attributes and hosts
     */
    public UndertowClusterAgent build() {
        List<String> all = new ArrayList<>(problems);
        if (properties.containsKey(NO_TICK)) {
            all.add(noTick(properties.get(NO_TICK)));
        }
        ClusterAgent agent = null;
        try {
            ClusterAgentBuilder b = ClusterAgent.builder().properties(properties).registerMBean(registerMBean);
            customizers.forEach(c -> c.accept(b));
            agent = b.build();
        } catch (InvalidConfigurationException e) {
            all.addAll(e.problems());
        }
        if (!all.isEmpty()) {
            if (agent != null) {
                agent.shutdown();
            }
            throw new InvalidConfigurationException(all);
        }
        List<BoundExtension.HostSpec> h = hosts.isEmpty()
                ? List.of(new BoundExtension.HostSpec("localhost", List.of())) : hosts;
        return new UndertowClusterAgent(agent, engineName, h, Map.copyOf(properties));
    }

    static String noTick(String value) {
        return NO_TICK + "=\"" + value + "\": cannot work on Undertow, which has no periodic container event to drive"
                + " STATUS; remove it and use statusInterval (seconds between two STATUS) instead";
    }
}
