package org.clusteragent.undertow;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import io.undertow.server.ConnectorStatistics;
import io.undertow.server.HttpServerExchange;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;
import org.clusteragent.spi.Server;
import org.jboss.logging.Logger;
import org.xnio.XnioWorker;

/**
 * The SPI view of one Undertow node, as both {@link Server} and its only {@link Engine}: the
 * virtual hosts, the tracked servlet deployments, the connectors (the server's listeners, or one
 * configured connector in servlet-extension mode) and the traffic counters. Request and byte counts
 * come from the listeners' connector statistics when every listener has them
 * ({@code UndertowOptions.ENABLE_STATISTICS}), else from the deployments' in-flight handlers, which
 * see only servlet traffic; either way they never decrease. Thread-safe: collections are
 * copy-on-write, counters are adders, the rest is volatile.
 */
final class UndertowEngine implements Server, Engine {

    private static final Logger LOG = Logger.getLogger(UndertowEngine.class);

    private final String name;
    private final List<Engine> self = List.of(this);
    private final List<UndertowHost> hosts = new CopyOnWriteArrayList<>();
    private final List<Host> hostsView = Collections.unmodifiableList(hosts);
    private final CopyOnWriteArrayList<DeploymentContext> deployments = new CopyOnWriteArrayList<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();

    private volatile List<Connector> connectors = List.of();
    private volatile ConnectorStatistics[] statistics = new ConnectorStatistics[0];
    private volatile XnioWorker serverWorker;
    private volatile XnioWorker seenWorker;
    private volatile String route;

    UndertowEngine(String name) {
        this.name = name;
    }

    // ---- SPI ----------------------------------------------------------------------------------

    @Override
    public List<Engine> engines() {
        return self;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Server server() {
        return this;
    }

    /** Undertow has no jvmRoute of its own: this is the one the agent assigned, kept across restarts. */
    @Override
    public Optional<String> jvmRoute() {
        return Optional.ofNullable(route);
    }

    @Override
    public boolean assignJvmRoute(String jvmRoute) {
        this.route = jvmRoute;
        return true;
    }

    @Override
    public List<Host> hosts() {
        return hostsView;
    }

    @Override
    public List<Connector> connectors() {
        return connectors;
    }

    @Override
    public long requestCount() {
        ConnectorStatistics[] stats = statistics;
        if (stats.length == 0) {
            return requests.sum();
        }
        long sum = 0;
        for (ConnectorStatistics s : stats) {
            sum += s.getRequestCount();
        }
        return sum;
    }

    @Override
    public long bytesSent() {
        ConnectorStatistics[] stats = statistics;
        if (stats.length == 0) {
            return bytesSent.sum();
        }
        long sum = 0;
        for (ConnectorStatistics s : stats) {
            sum += s.getBytesSent();
        }
        return sum;
    }

    @Override
    public long bytesReceived() {
        ConnectorStatistics[] stats = statistics;
        if (stats.length == 0) {
            return bytesReceived.sum();
        }
        long sum = 0;
        for (ConnectorStatistics s : stats) {
            sum += s.getBytesReceived();
        }
        return sum;
    }

    // ---- adapter side -------------------------------------------------------------------------

    /** The route given by the agent, or null before the node first started. */
    String route() {
        return route;
    }

    /** Uses a started server's listeners as the connectors (builder mode). */
    void useListeners(List<ListenerConnector> listeners, XnioWorker worker) {
        this.serverWorker = worker;
        this.connectors = List.copyOf(listeners);
        ConnectorStatistics[] stats = new ConnectorStatistics[listeners.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = listeners.get(i).statistics();
            if (stats[i] == null) {
                LOG.infof("CLAG7011: %s has no connector statistics (UndertowOptions.ENABLE_STATISTICS is off):"
                        + " request and traffic load count servlet requests only", listeners.get(i));
                stats = new ConnectorStatistics[0];
                break;
            }
        }
        this.statistics = stats;
    }

    /** Uses one configured connector (servlet-extension mode). */
    void useConnector(Connector connector) {
        this.connectors = List.of(connector);
        this.statistics = new ConnectorStatistics[0];
    }

    /** The worker that runs requests: the attached server's, else the one the first request showed. */
    XnioWorker worker() {
        XnioWorker w = serverWorker;
        return w != null ? w : seenWorker;
    }

    /** The host with this name, created with these aliases the first time it is named. */
    synchronized UndertowHost host(String hostName, List<String> aliases) {
        for (UndertowHost h : hosts) {
            if (h.name().equals(hostName)) {
                if (!aliases.isEmpty() && !List.copyOf(h.aliases()).equals(aliases.stream()
                        .filter(a -> !a.equals(hostName)).distinct().toList())) {
                    LOG.warnf("CLAG7009: host %s already has the aliases %s; the aliases %s given later are ignored",
                            hostName, h.aliases(), aliases);
                }
                return h;
            }
        }
        UndertowHost created = new UndertowHost(hostName, aliases, this);
        hosts.add(created);
        return created;
    }

    List<DeploymentContext> deployments() {
        return deployments;
    }

    void add(DeploymentContext deployment) {
        deployments.addIfAbsent(deployment);
    }

    void remove(DeploymentContext deployment) {
        deployments.remove(deployment);
    }

    /** Called by the in-flight handler for every request: remembers the worker, once. */
    void requestSeen(HttpServerExchange exchange) {
        if (seenWorker == null) {
            seenWorker = exchange.getConnection().getWorker();
        }
    }

    /** Called when a counted request completes. */
    void requestDone(long sent, long received) {
        requests.increment();
        if (sent > 0) {
            bytesSent.add(sent);
        }
        if (received > 0) {
            bytesReceived.add(received);
        }
    }

    @Override
    public String toString() {
        return "UndertowEngine[" + name + (route == null ? "" : " route=" + route) + " " + connectors + "]";
    }
}
