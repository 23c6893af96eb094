package org.clusteragent.boot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.clusteragent.core.config.ConfigParser;
import org.clusteragent.spi.LoadFactorProviderFactory;
import org.clusteragent.spi.ProxyDiscoveryFactory;

/**
 * Every attribute the agent accepts, as the agent itself lists them: the core parser's names plus
 * those of the load provider and proxy discoveries found by ServiceLoader, exactly the set the
 * agent's builder checks names against. Each has one Spring Boot property name, the attribute in
 * kebab case under {@value #PREFIX} ({@code proxyList} → {@code clusteragent.proxy-list}), which
 * Spring's relaxed binding also finds as {@code clusteragent.proxyList} or
 * {@code CLUSTERAGENT_PROXYLIST}. Immutable; thread-safe.
 */
public final class AttributeCatalog {

    /** The prefix of every property of the starter. */
    public static final String PREFIX = "clusteragent";

    private final Map<String, String> propertyByAttribute;

    private AttributeCatalog(Set<String> attributes) {
        Map<String, String> map = new TreeMap<>();
        for (String attribute : attributes) {
            map.put(attribute, PREFIX + "." + kebab(attribute));
        }
        this.propertyByAttribute = Collections.unmodifiableMap(map);
    }

    /** The catalog of the agent modules visible to {@code loader}. */
    public static AttributeCatalog of(ClassLoader loader) {
        Set<String> names = new TreeSet<>(ConfigParser.propertyNames());
        for (LoadFactorProviderFactory f : ServiceLoader.load(LoadFactorProviderFactory.class, loader)) {
            names.addAll(f.propertyNames());
        }
        for (ProxyDiscoveryFactory f : ServiceLoader.load(ProxyDiscoveryFactory.class, loader)) {
            names.addAll(f.propertyNames());
        }
        return new AttributeCatalog(names);
    }

    /** Attribute name (as in server.xml) → property name ({@code clusteragent.…}), sorted by attribute. */
    public Map<String, String> properties() {
        return propertyByAttribute;
    }

    /** The attribute a relaxed property key (without the prefix) stands for, if it names one. */
    public java.util.Optional<String> attributeOf(String key) {
        String wanted = canonical(key);
        return propertyByAttribute.keySet().stream().filter(a -> canonical(a).equals(wanted)).findFirst();
    }

    /** {@code proxyURL} → {@code proxy-url}, {@code sslKeyStorePassword} → {@code ssl-key-store-password}. */
    static String kebab(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            boolean upper = Character.isUpperCase(c);
            boolean afterLower = i > 0 && !Character.isUpperCase(camel.charAt(i - 1));
            boolean beforeLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
            boolean afterUpper = i > 0 && Character.isUpperCase(camel.charAt(i - 1));
            if (upper && i > 0 && (afterLower || (afterUpper && beforeLower))) {
                sb.append('-');
            }
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }

    /** {@code socket-timout} → {@code socketTimout}: how an unknown key is shown to the agent's parser. */
    static String camel(String key) {
        List<String> parts = new ArrayList<>(List.of(key.split("[-_]+")));
        parts.removeIf(String::isEmpty);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            sb.append(i == 0 ? p : Character.toUpperCase(p.charAt(0)) + p.substring(1));
        }
        return sb.toString();
    }

    /**
     * Spring's relaxed equality: case, dashes and underscores do not count, nor do dots, since an
     * environment variable's underscores may stand for either ({@code CLUSTERAGENT_STICKY_SESSION_FORCE}).
     */
    static String canonical(String key) {
        return key.replace("-", "").replace("_", "").replace(".", "").toLowerCase(Locale.ROOT);
    }
}
