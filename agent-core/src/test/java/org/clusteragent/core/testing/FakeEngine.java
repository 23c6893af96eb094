package org.clusteragent.core.testing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.clusteragent.spi.Connector;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;
import org.clusteragent.spi.Server;

/** A test engine; see {@link FakeServer}. */
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

    public FakeConnector connector(String address, int port, Connector.Type type) {
        FakeConnector connector = new FakeConnector(address, port, type);
        connectors.add(connector);
        return connector;
    }

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
