package org.clusteragent.metrics.fake;

import java.net.InetAddress;
import java.util.Optional;
import org.clusteragent.spi.Connector;

/** In-memory HTTP connector with settable thread counts. */
public final class FakeConnector implements Connector {

    private final int port;
    public volatile int busyThreads;
    public volatile int maxThreads;

    FakeConnector(int port, int maxThreads) {
        this.port = port;
        this.maxThreads = maxThreads;
    }

    @Override
    public Optional<InetAddress> address() {
        return Optional.empty();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Type type() {
        return Type.HTTP;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public int busyThreads() {
        return busyThreads;
    }

    @Override
    public int maxThreads() {
        return maxThreads;
    }
}
