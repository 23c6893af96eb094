package org.clusteragent.boot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * The {@code clusteragent.*} properties of one Spring environment, read with Spring's relaxed
 * binding and turned into the agent's attribute map (names as in server.xml), which the agent's
 * own parser then validates: the starter checks no value itself, so names, defaults and error
 * texts are those of the Tomcat listener. A key under the prefix that names no attribute and no
 * starter setting is handed to the parser too (in camel case), which reports it as unknown with
 * its "did you mean". Remembers where each value came from, for the failure report. Immutable.
 */
public final class ClusterAgentProperties {

    /** Default true; false: the starter creates nothing. */
    public static final String ENABLED = AttributeCatalog.PREFIX + ".enabled";
    /** Default true; false: a bad property gives one warning and the application runs without the agent. */
    public static final String FAIL_ON_ERROR = AttributeCatalog.PREFIX + ".fail-on-error";

    /** The starter's own properties, listed in the configuration metadata beside the agent's attributes. */
    public static final Set<String> STARTER_PROPERTIES = Set.of(ENABLED, FAIL_ON_ERROR,
            AgentHealth.UNREACHABLE_STATUS);

    /** The starter's own keys under the prefix (relaxed-canonical form), which are not agent attributes. */
    static final Set<String> STARTER_KEYS = Set.of("enabled", "failonerror");
    /** The starter's own groups under the prefix (e.g. clusteragent.health.*). */
    static final Set<String> STARTER_GROUPS = Set.of("health");

    /** Where one attribute's value came from. */
    public record Source(String property, String origin) {
    }

    private final Map<String, String> attributes;
    private final Map<String, Source> sources;
    private final boolean failOnError;

    private ClusterAgentProperties(Map<String, String> attributes, Map<String, Source> sources, boolean failOnError) {
        this.attributes = Collections.unmodifiableMap(attributes);
        this.sources = Collections.unmodifiableMap(sources);
        this.failOnError = failOnError;
    }

    /** Reads every {@code clusteragent.*} property of {@code environment}. */
    public static ClusterAgentProperties of(Environment environment, AttributeCatalog catalog) {
        Binder binder = Binder.get(environment);
        Iterable<ConfigurationPropertySource> propertySources = ConfigurationPropertySources.get(environment);
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, Source> sources = new LinkedHashMap<>();
        catalog.properties().forEach((attribute, property) -> binder.bind(property, String.class).ifBound(value -> {
            attributes.put(attribute, value);
            sources.put(attribute, new Source(property, origin(propertySources, property)));
        }));
        Map<String, String> all = binder.bind(AttributeCatalog.PREFIX, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        all.forEach((key, value) -> {
            if (!isStarterKey(key) && catalog.attributeOf(key).isEmpty()) {
                String attribute = AttributeCatalog.camel(key);
                String property = AttributeCatalog.PREFIX + "." + key;
                attributes.putIfAbsent(attribute, value);
                sources.putIfAbsent(attribute, new Source(property, origin(propertySources, property)));
            }
        });
        boolean failOnError = binder.bind(FAIL_ON_ERROR, Boolean.class).orElse(true);
        return new ClusterAgentProperties(attributes, sources, failOnError);
    }

    /** The attributes for the agent, names as in server.xml. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** Where the value of {@code attribute} came from, if it was set. */
    public Optional<Source> source(String attribute) {
        return Optional.ofNullable(sources.get(attribute));
    }

    /** Whether a bad property stops the application (the default) or only disables the agent. */
    public boolean failOnError() {
        return failOnError;
    }

    /**
     * Each of the agent's problem texts with the property it is about. The agent's texts start with
     * {@code attribute="value"}; the longest attribute name that matches wins.
     */
    public List<ClusterAgentPropertiesException.Problem> explain(List<String> problems) {
        List<ClusterAgentPropertiesException.Problem> result = new ArrayList<>();
        for (String problem : problems) {
            String best = null;
            for (String attribute : sources.keySet()) {
                if (problem.startsWith(attribute + "=") && (best == null || attribute.length() > best.length())) {
                    best = attribute;
                }
            }
            Source source = best == null ? null : sources.get(best);
            result.add(new ClusterAgentPropertiesException.Problem(
                    source == null ? null : source.property(), source == null ? null : source.origin(), problem));
        }
        return result;
    }

    private static boolean isStarterKey(String key) {
        int dot = key.indexOf('.');
        String first = AttributeCatalog.canonical(dot < 0 ? key : key.substring(0, dot));
        return dot < 0 ? STARTER_KEYS.contains(first) : STARTER_GROUPS.contains(first);
    }

    private static String origin(Iterable<ConfigurationPropertySource> sources, String property) {
        ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
        for (ConfigurationPropertySource source : sources) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found != null) {
                return found.getOrigin() != null ? found.getOrigin().toString() : String.valueOf(source.getUnderlyingSource());
            }
        }
        return null;
    }
}
