package org.clusteragent.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The contexts never registered with proxies, from {@code excludedContexts}: comma-separated
 * entries {@code ctx} (on every host) or {@code host:ctx} (on that host only). A context may be
 * written with or without its leading slash ({@code demo}, {@code /demo}, {@code /demo/});
 * {@code ROOT} and {@code /} mean the root context. Matching uses servlet context paths
 * ({@code ""} for the root context, {@code "/x"} otherwise); host names match case-insensitively,
 * paths exactly. Immutable and thread-safe.
 */
public final class ContextExclusions {

    private static final ContextExclusions NONE = new ContextExclusions(Set.of(), Map.of());
    private static final String USAGE = "write ctx or host:ctx, comma-separated (ROOT or / for the root context)";

    private final Set<String> everyHost;
    private final Map<String, Set<String>> perHost;

    private ContextExclusions(Set<String> everyHost, Map<String, Set<String>> perHost) {
        this.everyHost = everyHost;
        this.perHost = perHost;
    }

    /** Excludes nothing. */
    public static ContextExclusions none() {
        return NONE;
    }

    /**
     * Parses an {@code excludedContexts} value.
     *
     * @throws IllegalArgumentException naming every bad entry
     */
    public static ContextExclusions parse(String value) {
        List<String> problems = new ArrayList<>();
        ContextExclusions result = parse(value, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return result;
    }

    /** Parses, adding one message per bad entry to {@code problems}. */
    static ContextExclusions parse(String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        Set<String> everyHost = new LinkedHashSet<>();
        Map<String, Set<String>> perHost = new LinkedHashMap<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String problem = problemOf(entry);
            if (problem != null) {
                problems.add("entry \"" + entry + "\": " + problem);
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                everyHost.add(normalise(entry));
            } else {
                String host = entry.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                perHost.computeIfAbsent(host, h -> new LinkedHashSet<>())
                        .add(normalise(entry.substring(colon + 1).trim()));
            }
        }
        if (everyHost.isEmpty() && perHost.isEmpty()) {
            return NONE;
        }
        Map<String, Set<String>> frozen = new LinkedHashMap<>();
        perHost.forEach((host, paths) -> frozen.put(host, Set.copyOf(paths)));
        return new ContextExclusions(Set.copyOf(everyHost), Map.copyOf(frozen));
    }

    private static String problemOf(String entry) {
        if (entry.chars().anyMatch(Character::isWhitespace)) {
            return "contains white space; " + USAGE;
        }
        int colon = entry.indexOf(':');
        if (colon != entry.lastIndexOf(':')) {
            return "more than one ':'; " + USAGE;
        }
        String context = entry;
        if (colon >= 0) {
            String host = entry.substring(0, colon);
            if (host.isEmpty() || !ProxyListParser.isHostName(host)) {
                return "\"" + host + "\" is not a host name; " + USAGE;
            }
            context = entry.substring(colon + 1);
        }
        if (context.isEmpty()) {
            return "no context after the host; " + USAGE;
        }
        if (context.contains("//") || context.indexOf('?') >= 0 || context.indexOf('#') >= 0
                || context.indexOf('*') >= 0) {
            return "\"" + context + "\" is not a context path; " + USAGE;
        }
        return null;
    }

    /** The servlet context path for a written context. */
    private static String normalise(String context) {
        if (context.equals("ROOT") || context.equals("/")) {
            return "";
        }
        String path = context.startsWith("/") ? context : "/" + context;
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * True when the context {@code contextPath} of virtual host {@code host} must not be registered.
     * Callers whose host has aliases may ask once per name.
     *
     * @param host        the virtual host's name
     * @param contextPath the servlet context path: {@code ""} for the root context ({@code "/"} is
     *                    accepted too), else {@code "/x"}
     */
    public boolean isExcluded(String host, String contextPath) {
        String path = contextPath == null || contextPath.equals("/") ? "" : contextPath;
        if (everyHost.contains(path)) {
            return true;
        }
        if (host == null || perHost.isEmpty()) {
            return false;
        }
        Set<String> paths = perHost.get(host.toLowerCase(Locale.ROOT));
        return paths != null && paths.contains(path);
    }

    /** True when nothing is excluded. */
    public boolean isEmpty() {
        return everyHost.isEmpty() && perHost.isEmpty();
    }

    /** Context paths excluded on every host ({@code ""} = root). */
    public Set<String> everyHost() {
        return everyHost;
    }

    /** Context paths excluded on one host, keyed by lower-case host name. */
    public Map<String, Set<String>> perHost() {
        return perHost;
    }

    /** The exclusions in {@code excludedContexts} syntax (sorted; {@code ROOT} for the root context). */
    @Override
    public String toString() {
        List<String> entries = new ArrayList<>();
        everyHost.stream().sorted().map(ContextExclusions::written).forEach(entries::add);
        perHost.keySet().stream().sorted().forEach(host -> perHost.get(host).stream().sorted()
                .forEach(path -> entries.add(host + ":" + written(path))));
        return String.join(",", entries);
    }

    private static String written(String path) {
        return path.isEmpty() ? "ROOT" : path;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContextExclusions that
                && everyHost.equals(that.everyHost) && perHost.equals(that.perHost);
    }

    @Override
    public int hashCode() {
        return everyHost.hashCode() * 31 + perHost.hashCode();
    }
}
