package org.clusteragent.metrics.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;
import org.clusteragent.spi.Server;

/** In-memory engine whose counters and lists tests set directly. Not thread-safe beyond volatile counters. */
public final class FakeEngine implements Engine {

    private final String name;
    private final List<Host> hosts = new ArrayList<>();
    private final List<Connector> connectors = new ArrayList<>();
    public volatile long requestCount;
    public volatile long bytesSent;
    public volatile long bytesReceived;

    public FakeEngine(String name) {
        this.name = name;
    }

    public FakeHost addHost(String hostName) {
        FakeHost h = new FakeHost(hostName, this);
        hosts.add(h);
        return h;
    }

    public FakeConnector addConnector(int port, int maxThreads) {
        FakeConnector c = new FakeConnector(port, maxThreads);
        connectors.add(c);
        return c;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Server server() {
        return () -> List.of(this);
    }

    @Override
    public Optional<String> jvmRoute() {
        return Optional.empty();
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
