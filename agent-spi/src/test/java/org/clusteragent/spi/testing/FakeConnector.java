package org.clusteragent.spi.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.clusteragent.spi.Connector;

/**
 * A test connector created by {@link FakeEngine#connector} or {@link FakeEngine#httpConnector}: address,
 * port and type are fixed; availability and the thread counts ({@link #busyThreads}, {@link #maxThreads},
 * 200 unless set) are the test's to change. An absent address means bound to every interface.
 */
public final class FakeConnector implements Connector {

    private final InetAddress address;
    private final int port;
    private final Type type;
    private volatile boolean available = true;
    public volatile int busyThreads;
    public volatile int maxThreads = 200;

    FakeConnector(String address, int port, Type type) {
        try {
            this.address = address == null ? null : InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
        this.port = port;
        this.type = type;
    }

    public FakeConnector available(boolean value) {
        this.available = value;
        return this;
    }

    @Override
    public Optional<InetAddress> address() {
        return Optional.ofNullable(address);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public Type type() {
        return type;
    }

    @Override
    public boolean isAvailable() {
        return available;
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
