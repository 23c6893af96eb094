package org.clusteragent.metrics.fake;

import org.clusteragent.spi.Context;
import org.clusteragent.spi.Host;

/** In-memory context with settable counters. */
public final class FakeContext implements Context {

    private final String path;
    private final Host host;
    public volatile int activeSessions;
    public volatile int activeRequests;
    public volatile boolean started = true;

    FakeContext(String path, Host host) {
        this.path = path;
        this.host = host;
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
        return activeSessions;
    }

    @Override
    public int activeRequests() {
        return activeRequests;
    }

    @Override
    public boolean isDistributable() {
        return false;
    }
}
