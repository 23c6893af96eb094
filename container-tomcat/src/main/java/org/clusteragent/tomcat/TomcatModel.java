package org.clusteragent.tomcat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Host;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Service;

/**
 * The part of one Tomcat that a {@link ClusterListener} looks after: every service of a Server
 * (listener placed on the Server) or a single Service (listener placed inside a Service), and the
 * in-flight counters of the contexts it follows. The SPI views are small records over Tomcat
 * objects plus this model, so two views of the same Tomcat object are equal. Thread-safe.
 */
final class TomcatModel {

    private final org.apache.catalina.Server server;
    private final Service onlyService;
    private final TomcatServer view;
    private final Map<Context, InFlightRequestValve> valves = new ConcurrentHashMap<>();
    // One view per Tomcat object: the agent may compare views by identity.
    private final Map<Engine, TomcatEngine> engineViews = new ConcurrentHashMap<>();
    private final Map<Host, TomcatHost> hostViews = new ConcurrentHashMap<>();
    // The followed contexts of each host and path: several with Tomcat's parallel deployment.
    private final Map<PathKey, List<Context>> versions = new ConcurrentHashMap<>();

    private record PathKey(Host host, String path) {
    }

    private TomcatModel(org.apache.catalina.Server server, Service onlyService) {
        this.server = server;
        this.onlyService = onlyService;
        this.view = new TomcatServer(this);
    }

    /** The model of a whole Server: every service's engine. */
    static TomcatModel ofServer(org.apache.catalina.Server server) {
        return new TomcatModel(server, null);
    }

    /** The model of one Service: just its engine. */
    static TomcatModel ofService(Service service) {
        return new TomcatModel(service.getServer(), service);
    }

    TomcatServer serverView() {
        return view;
    }

    /** The Tomcat server, for the port offset; may be null for a detached Service. */
    org.apache.catalina.Server server() {
        return server;
    }

    /** The services in scope, in Tomcat's order. */
    List<Service> services() {
        if (onlyService != null) {
            return List.of(onlyService);
        }
        return List.of(server.findServices());
    }

    /** The engines in scope, in Tomcat's order (a service without an engine is skipped). */
    List<Engine> engines() {
        List<Engine> engines = new ArrayList<>();
        for (Service service : services()) {
            if (service.getContainer() != null) {
                engines.add(service.getContainer());
            }
        }
        return engines;
    }

    /** The one view of {@code engine}; the same instance on every call. */
    TomcatEngine view(Engine engine) {
        return engineViews.computeIfAbsent(engine, e -> new TomcatEngine(this, e));
    }

    /** The one view of {@code host} until the host is forgotten. */
    TomcatHost view(Host host) {
        return hostViews.computeIfAbsent(host, h -> new TomcatHost(this, h));
    }

    /** The view of the path {@code context} is deployed at: all its versions (see {@link TomcatContext}). */
    TomcatContext view(Context context) {
        return new TomcatContext(this, (Host) context.getParent(), context.getPath());
    }

    /** The followed contexts deployed at {@code path} of {@code host}, versions of one another. */
    List<Context> versions(Host host, String path) {
        List<Context> list = versions.get(new PathKey(host, path));
        return list == null ? List.of() : List.copyOf(list);
    }

    /** Drops the cached view of a host removed from its engine. */
    void forget(Host host) {
        hostViews.remove(host);
    }

    static List<Host> hostsOf(Engine engine) {
        List<Host> hosts = new ArrayList<>();
        for (Container child : engine.findChildren()) {
            if (child instanceof Host host) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    static List<Context> contextsOf(Host host) {
        List<Context> contexts = new ArrayList<>();
        for (Container child : host.findChildren()) {
            if (child instanceof Context context) {
                contexts.add(context);
            }
        }
        return contexts;
    }

    /** Starts counting the in-flight requests of {@code context}; false when already counted. */
    boolean follow(Context context) {
        InFlightRequestValve valve = new InFlightRequestValve();
        if (valves.putIfAbsent(context, valve) != null) {
            return false;
        }
        versions.compute(key(context), (k, list) -> {
            List<Context> next = list == null ? new ArrayList<>(1) : new ArrayList<>(list);
            next.add(context);
            return next;
        });
        context.getPipeline().addValve(valve);
        return true;
    }

    /** Stops counting for {@code context} and takes the valve out; false when it was not followed. */
    boolean unfollow(Context context) {
        InFlightRequestValve valve = valves.remove(context);
        if (valve == null) {
            return false;
        }
        versions.computeIfPresent(key(context), (k, list) -> {
            List<Context> next = new ArrayList<>(list);
            next.remove(context);
            return next.isEmpty() ? null : next;
        });
        LifecycleState state = context.getState();
        // A destroyed context has destroyed its valves already; removing would destroy ours twice.
        if (state != LifecycleState.DESTROYING && state != LifecycleState.DESTROYED) {
            context.getPipeline().removeValve(valve);
        }
        return true;
    }

    /** Contexts currently followed (a snapshot). */
    List<Context> followedContexts() {
        return List.copyOf(valves.keySet());
    }

    private static PathKey key(Context context) {
        return new PathKey((Host) context.getParent(), context.getPath());
    }

    int inFlight(Context context) {
        InFlightRequestValve valve = valves.get(context);
        return valve == null ? 0 : valve.inFlight();
    }

    /** Adds (true) or removes (false) {@code listener} at the counter of {@code context}, if followed. */
    void idleListener(Context context, Runnable listener, boolean add) {
        InFlightRequestValve valve = valves.get(context);
        if (valve == null) {
            return;
        }
        if (add) {
            valve.count().addIdleListener(listener);
        } else {
            valve.count().removeIdleListener(listener);
        }
    }
}
