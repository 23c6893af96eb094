package org.clusteragent.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLContext;

import org.clusteragent.core.agent.AgentClock;
import org.clusteragent.core.config.AgentConfig;
import org.clusteragent.core.config.ConfigParser;
import org.clusteragent.core.dns.ProxyResolver;
import org.clusteragent.core.proxy.ProxySettings;
import org.clusteragent.core.proxy.TlsContextFactory;
import org.clusteragent.spi.AgentObserver;
import org.clusteragent.spi.AgentObserverFactory;
import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.LoadFactorProvider;
import org.clusteragent.spi.LoadFactorProviderFactory;
import org.clusteragent.spi.ProxyDiscovery;
import org.clusteragent.spi.ProxyDiscoveryFactory;

/**
 * Assembles a {@link ClusterAgent}. From properties alone it parses the agent's own settings, finds
 * the load provider (exactly one {@link LoadFactorProviderFactory}) and the proxy discoveries (any
 * number of {@link ProxyDiscoveryFactory}) through {@link ServiceLoader}, lets each parse its own
 * properties, and reports every problem of all of them in one
 * {@link InvalidConfigurationException}, so an agent never starts half-configured. Tests and
 * embedders may inject any part instead. {@link AgentObserver}s (self-metrics) come from every
 * {@link AgentObserverFactory} found. Not thread-safe; use once.
 */
public final class ClusterAgentBuilder {

    private Map<String, String> properties = Map.of();
    private AgentConfig config;
    private LoadFactorProvider loadProvider;
    private List<ProxyDiscovery> discoveries;
    private AgentClock clock = AgentClock.system();
    private ClassLoader classLoader = ClusterAgentBuilder.class.getClassLoader();
    private SSLContext sslContext;
    private UnaryOperator<ProxySettings.Builder> proxyTuning = UnaryOperator.identity();
    private boolean registerMBean = true;
    private List<AgentObserver> observers;
    private ProxyResolver resolver = ProxyResolver.system();

    ClusterAgentBuilder() {
    }

    /** The user's properties; names as in docs/attributes.md. */
    public ClusterAgentBuilder properties(Map<String, String> properties) {
        this.properties = new LinkedHashMap<>(properties);
        return this;
    }

    /** Uses this load provider instead of the one found by ServiceLoader. */
    public ClusterAgentBuilder loadProvider(LoadFactorProvider provider) {
        this.loadProvider = provider;
        return this;
    }

    /** Uses these discoveries instead of the ones found by ServiceLoader (empty: none). */
    public ClusterAgentBuilder discoveries(List<ProxyDiscovery> discoveries) {
        this.discoveries = List.copyOf(discoveries);
        return this;
    }

    public ClusterAgentBuilder clock(AgentClock clock) {
        this.clock = clock;
        return this;
    }

    /** The class loader ServiceLoader searches (default: the agent's own). */
    public ClusterAgentBuilder classLoader(ClassLoader loader) {
        this.classLoader = loader;
        return this;
    }

    /** A ready SSLContext for TLS to proxies, instead of the ssl* attributes. */
    public ClusterAgentBuilder sslContext(SSLContext context) {
        this.sslContext = context;
        return this;
    }

    /** Adjusts connection settings the attributes do not cover (backoff, probing), e.g. in tests. */
    public ClusterAgentBuilder tuneProxies(UnaryOperator<ProxySettings.Builder> tuning) {
        this.proxyTuning = tuning;
        return this;
    }

    /** Uses these observers instead of the ones found by ServiceLoader (empty: none). */
    public ClusterAgentBuilder observers(List<AgentObserver> observers) {
        this.observers = List.copyOf(observers);
        return this;
    }

    /** Resolves proxyList host names (default: the JDK's resolver); tests script it. */
    public ClusterAgentBuilder proxyResolver(ProxyResolver resolver) {
        this.resolver = java.util.Objects.requireNonNull(resolver, "resolver");
        return this;
    }

    /** Whether to register the JMX MBean (default true). */
    public ClusterAgentBuilder registerMBean(boolean register) {
        this.registerMBean = register;
        return this;
    }

    /**
     * Builds the agent; starts nothing.
     *
     * @throws InvalidConfigurationException listing every problem found in the properties
     */
    public ClusterAgent build() {
        List<String> problems = new ArrayList<>();
        List<LoadFactorProviderFactory> loadFactories = loadProvider == null
                ? load(LoadFactorProviderFactory.class) : List.of();
        List<ProxyDiscoveryFactory> discoveryFactories = discoveries == null
                ? load(ProxyDiscoveryFactory.class) : List.of();
        Set<String> foreign = new HashSet<>();
        loadFactories.forEach(f -> foreign.addAll(f.propertyNames()));
        discoveryFactories.forEach(f -> foreign.addAll(f.propertyNames()));

        AgentConfig parsed = null;
        try {
            parsed = ConfigParser.parse(properties, foreign);
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        }
        LoadFactorProvider provider = loadProvider;
        if (provider == null) {
            if (loadFactories.size() != 1) {
                problems.add(loadFactories.isEmpty()
                        ? "no load factor provider found: put the load-metrics jar on the class path"
                        : "several load factor providers found " + names(loadFactories) + ": keep one");
            } else {
                try {
                    provider = loadFactories.get(0).create(properties, clock::nanoTime);
                } catch (InvalidConfigurationException e) {
                    problems.addAll(e.problems());
                }
            }
        }
        List<ProxyDiscovery> found = discoveries == null ? new ArrayList<>() : discoveries;
        for (ProxyDiscoveryFactory factory : discoveryFactories) {
            try {
                factory.create(properties).ifPresent(found::add);
            } catch (InvalidConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        ProxySettings settings = null;
        if (parsed != null) {
            try {
                settings = proxySettings(parsed);
            } catch (InvalidConfigurationException e) {
                problems.addAll(e.problems()); // its message carries the prefix the final one adds again
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        List<AgentObserver> watching = observers;
        if (watching == null) {
            watching = new ArrayList<>();
            for (AgentObserverFactory factory : load(AgentObserverFactory.class)) {
                factory.create().ifPresent(watching::add);
            }
        }
        return new ClusterAgent(parsed, provider, found, clock, settings, registerMBean, watching, resolver);
    }

    private ProxySettings proxySettings(AgentConfig parsed) {
        ProxySettings.Builder b = ProxySettings.builder()
                .socketTimeout(parsed.socketTimeout())
                .proxyUrl(parsed.proxyUrl())
                .probeInterval(parsed.probeInterval())
                .userAgent("clusteragent");
        Optional<String> local = parsed.localAddress();
        if (local.isPresent()) {
            try {
                b.localAddress(InetAddress.getByName(local.get()));
            } catch (UnknownHostException e) {
                throw new InvalidConfigurationException("localAddress=" + local.get()
                        + " cannot be resolved to an IP address of this host");
            }
        }
        if (sslContext != null) {
            b.sslContext(sslContext);
        } else if (parsed.tls().enabled()) {
            b.sslContext(TlsContextFactory.create(parsed.tls()));
            b.tlsCiphers(parsed.tls().cipherSuites());
        }
        return proxyTuning.apply(b).build();
    }

    private <T> List<T> load(Class<T> type) {
        List<T> result = new ArrayList<>();
        for (T t : ServiceLoader.load(type, classLoader)) {
            result.add(t);
        }
        return result;
    }

    private static String names(List<?> objects) {
        List<String> names = new ArrayList<>();
        objects.forEach(o -> names.add(o.getClass().getName()));
        return names.toString();
    }
}
