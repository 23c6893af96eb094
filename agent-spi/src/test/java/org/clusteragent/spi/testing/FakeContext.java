package org.clusteragent.spi.testing;

import java.util.concurrent.atomic.AtomicInteger;

import org.clusteragent.spi.Context;
import org.clusteragent.spi.Host;

/**
 * A test web application created by {@link FakeHost#context}: started and not distributable until
 * the test says otherwise; {@link #sessions} and {@link #requests} are the live counters reported as
 * {@link #activeSessions()} and {@link #activeRequests()}. See {@link FakeServer}.
 */
public final class FakeContext implements Context {

    private final FakeHost host;
    private final String path;
    private volatile boolean started = true;
    private volatile boolean distributable;
    public final AtomicInteger sessions = new AtomicInteger();
    public final AtomicInteger requests = new AtomicInteger();

    FakeContext(FakeHost host, String path) {
        this.host = host;
        this.path = path;
    }

    public FakeContext started(boolean value) {
        this.started = value;
        return this;
    }

    public FakeContext distributable(boolean value) {
        this.distributable = value;
        return this;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Host host() {
        return host;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public int activeSessions() {
        return sessions.get();
    }

    @Override
    public int activeRequests() {
        return requests.get();
    }

    @Override
    public boolean isDistributable() {
        return distributable;
    }

    @Override
    public String toString() {
        return host.name() + (path.isEmpty() ? "/" : path);
    }
}
