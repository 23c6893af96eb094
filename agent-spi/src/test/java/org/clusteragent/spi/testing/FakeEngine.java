package org.clusteragent.spi.testing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.clusteragent.spi.Connector;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;
import org.clusteragent.spi.Server;

/**
 * A test engine created by {@link FakeServer#engine}: hosts and connectors are added through
 * {@link #host} and {@link #connector}; the traffic counters ({@link #requestCount}, {@link #bytesSent},
 * {@link #bytesReceived}, cumulative like a container's) are public fields the test sets. It has no
 * JVM route until the test gives one or the agent assigns one; {@link #routeAssignable} makes
 * {@link #assignJvmRoute} refuse, like a container whose route is fixed.
 */
public final class FakeEngine implements Engine {

    private final FakeServer server;
    private final String name;
    private final List<Host> hosts = new CopyOnWriteArrayList<>();
    private final List<Connector> connectors = new CopyOnWriteArrayList<>();
    private volatile String jvmRoute;
    private volatile boolean routeAssignable = true;
    private volatile String assignedRoute;
    public volatile long requestCount;
    public volatile long bytesSent;
    public volatile long bytesReceived;

    FakeEngine(FakeServer server, String name) {
        this.server = server;
        this.name = name;
    }

    public FakeEngine jvmRoute(String route) {
        this.jvmRoute = route;
        return this;
    }

    public FakeEngine routeAssignable(boolean assignable) {
        this.routeAssignable = assignable;
        return this;
    }

    /** The route the agent assigned through {@link #assignJvmRoute}, or null. */
    public String assignedRoute() {
        return assignedRoute;
    }

    /** Adds an available connector; {@code address} null means bound to every interface. */
    public FakeConnector connector(String address, int port, Connector.Type type) {
        FakeConnector connector = new FakeConnector(address, port, type);
        connectors.add(connector);
        return connector;
    }

    /**
     * Adds an available HTTP connector bound to every interface with this thread pool size
     * (0 for a connector that does not report one).
     */
    public FakeConnector httpConnector(int port, int maxThreads) {
        FakeConnector connector = connector(null, port, Connector.Type.HTTP);
        connector.maxThreads = maxThreads;
        return connector;
    }

    /** Adds a virtual host with these aliases. */
    public FakeHost host(String hostName, String... aliases) {
        FakeHost host = new FakeHost(this, hostName, aliases);
        hosts.add(host);
        return host;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Server server() {
        return server;
    }

    @Override
    public Optional<String> jvmRoute() {
        return Optional.ofNullable(jvmRoute);
    }

    @Override
    public boolean assignJvmRoute(String route) {
        if (!routeAssignable) {
            return false;
        }
        assignedRoute = route;
        jvmRoute = route;
        return true;
    }

    @Override
    public List<Host> hosts() {
        return hosts;
    }

    @Override
    public List<Connector> connectors() {
        return connectors;
    }

    @Override
    public long requestCount() {
        return requestCount;
    }

    @Override
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public long bytesReceived() {
        return bytesReceived;
    }
}
