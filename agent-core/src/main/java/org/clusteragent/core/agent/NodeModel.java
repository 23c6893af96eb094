package org.clusteragent.core.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.clusteragent.spi.Connector;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;

/**
 * The desired state of one node (one engine) on every proxy: its identity and the state of each of
 * its contexts. It is the only input needed to bring a proxy up to date, so a proxy that appears,
 * restarts or forgets the node is repaired from it alone. Thread-safe: mutators and readers
 * synchronise on the instance; readers get copies.
 */
public final class NodeModel {

    /**
     * One context as proxies should see it.
     *
     * @param host    the host name (the key together with the path)
     * @param aliases the host name followed by its aliases, as sent in {@code Alias}
     * @param path    the servlet context path ({@code ""} for the root context)
     * @param state   the state every proxy should have
     */
    public record DesiredContext(String host, List<String> aliases, String path, AppState state) {
        public DesiredContext {
            aliases = List.copyOf(aliases);
        }

        DesiredContext with(AppState newState) {
            return new DesiredContext(host, aliases, path, newState);
        }

        /** The context path as proxies show it: {@code /} for the root context. */
        public String mcmpPath() {
            return path.isEmpty() ? "/" : path;
        }

        @Override
        public String toString() {
            return host + mcmpPath();
        }
    }

    private final Engine engine;
    private final String jvmRoute;
    private final Connector connector;
    private final Map<String, DesiredContext> contexts = new LinkedHashMap<>();
    private volatile int lastLoad = -1;
    private boolean connectorAvailable = true;
    private long version;

    public NodeModel(Engine engine, String jvmRoute, Connector connector) {
        this.engine = engine;
        this.jvmRoute = jvmRoute;
        this.connector = connector;
    }

    public Engine engine() {
        return engine;
    }

    public String jvmRoute() {
        return jvmRoute;
    }

    public Connector connector() {
        return connector;
    }

    /** The load factor last computed for this node, -1 before the first. */
    public int lastLoad() {
        return lastLoad;
    }

    public void lastLoad(int load) {
        this.lastLoad = load;
    }

    /** Records whether the connector can serve; true when that changed since the last call. */
    public synchronized boolean connectorAvailable(boolean available) {
        boolean changed = available != connectorAvailable;
        connectorAvailable = available;
        return changed;
    }

    /**
     * Changes the desired state and announces it, as one step: every change made through here
     * reaches each proxy's queue in the order the state changed, so a proxy never ends in an older
     * state than the desired one. {@code change} must only update this model and enqueue commands
     * (never wait on a proxy).
     */
    public synchronized <T> T announce(Supplier<T> change) {
        return change.get();
    }

    /** Grows with every change of desired state; lets a reader tell that its snapshot is stale. */
    public synchronized long version() {
        return version;
    }

    /** Sets a context's desired state; returns the updated entry. */
    public synchronized DesiredContext put(Context context, AppState state) {
        DesiredContext entry = new DesiredContext(context.host().name(), aliasesOf(context.host()),
                context.path(), state);
        contexts.put(key(entry.host(), entry.path()), entry);
        version++;
        return entry;
    }

    /** Changes the state of a known context; empty when the context is not known. */
    public synchronized Optional<DesiredContext> update(String host, String path, AppState state) {
        DesiredContext current = contexts.get(key(host, path));
        if (current == null) {
            return Optional.empty();
        }
        DesiredContext next = current.with(state);
        contexts.put(key(host, path), next);
        version++;
        return Optional.of(next);
    }

    public synchronized Optional<DesiredContext> get(String host, String path) {
        return Optional.ofNullable(contexts.get(key(host, path)));
    }

    public synchronized Optional<DesiredContext> remove(String host, String path) {
        version++;
        return Optional.ofNullable(contexts.remove(key(host, path)));
    }

    /** A snapshot of every context, in the order they were first registered. */
    public synchronized List<DesiredContext> contexts() {
        return new ArrayList<>(contexts.values());
    }

    /** The value of MCMP {@code Alias} for a host: its name, then its aliases. */
    public static List<String> aliasesOf(Host host) {
        List<String> aliases = new ArrayList<>(1 + host.aliases().size());
        aliases.add(host.name());
        for (String alias : host.aliases()) {
            if (!alias.equals(host.name())) {
                aliases.add(alias);
            }
        }
        return aliases;
    }

    private static String key(String host, String path) {
        return host + '\u0000' + path;
    }

    @Override
    public String toString() {
        return jvmRoute;
    }
}
