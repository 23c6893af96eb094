package org.clusteragent.spi.testing;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.clusteragent.spi.Context;
import org.clusteragent.spi.Host;

/**
 * A test web application created by {@link FakeHost#context}: started and not distributable until
 * the test says otherwise; {@link #sessions} and {@link #requests} are the live counters reported as
 * {@link #activeSessions()} and {@link #activeRequests()}; setting {@link #requests} to 0 tells the
 * idle listeners, as a real adapter's counter does, unless {@link #signalsIdle(boolean) signalsIdle(false)}
 * makes it a context that cannot tell. See {@link FakeServer}.
 */
public final class FakeContext implements Context {

    private final FakeHost host;
    private final String path;
    private volatile boolean started = true;
    private volatile boolean distributable;
    public final AtomicInteger sessions = new AtomicInteger();
    public final Requests requests = new Requests();
    private final CopyOnWriteArrayList<Runnable> idleListeners = new CopyOnWriteArrayList<>();
    private volatile boolean signalsIdle = true;

    /** The requests in flight: {@link #set} to 0, or {@link #add} reaching 0, runs the idle listeners. */
    public final class Requests {
        private final AtomicInteger value = new AtomicInteger();

        public int get() {
            return value.get();
        }

        public void set(int n) {
            value.set(n);
            if (n == 0) {
                idleListeners.forEach(Runnable::run);
            }
        }

        /** Adds {@code delta} (a request arriving: 1, completing: -1); reaching 0 runs the idle listeners. */
        public void add(int delta) {
            if (value.addAndGet(delta) == 0) {
                idleListeners.forEach(Runnable::run);
            }
        }

        @Override
        public String toString() {
            return Integer.toString(get());
        }
    }

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

    /** False: {@link #addIdleListener} refuses, like a context whose adapter cannot signal. */
    public FakeContext signalsIdle(boolean value) {
        this.signalsIdle = value;
        return this;
    }

    @Override
    public boolean addIdleListener(Runnable listener) {
        if (!signalsIdle) {
            return false;
        }
        idleListeners.add(listener);
        return true;
    }

    @Override
    public void removeIdleListener(Runnable listener) {
        idleListeners.remove(listener);
    }

    /** Idle listeners added and not removed yet. */
    public int idleListeners() {
        return idleListeners.size();
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
