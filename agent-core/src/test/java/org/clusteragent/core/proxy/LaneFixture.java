package org.clusteragent.core.proxy;

import static org.clusteragent.core.proxy.ProxyTests.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.spi.ProxyAddress;

/**
 * The setup most lane tests share: one fake proxy, a {@link ProxyRegistry} reporting to a
 * {@link RecordingListener}, and (once added) that proxy's lane. {@link #resynced} goes all the way to the
 * lane's first ({@code ADDED}) resync, so a test starts at its own scenario. {@link #close()} closes the
 * registry, then the fake proxy, the order a try-with-resources of the two would use; it is idempotent, and
 * a step that fails closes the fixture before it throws, so nothing leaks from a try-with-resources header.
 * One per test; not thread-safe.
 */
final class LaneFixture implements AutoCloseable {

    final RecordingListener listener = new RecordingListener();
    final FakeProxy fake;
    final ProxyRegistry registry;
    final ProxyAddress proxy;

    private LaneFixture(FakeProxy fake, ProxySettings settings, LaneClock clock) {
        this.fake = fake;
        this.proxy = ProxyTests.address(fake);
        try {
            this.registry = new ProxyRegistry(settings, listener, clock);
        } catch (RuntimeException | Error e) {
            fake.close();
            throw e;
        }
    }

    /** Takes ownership of {@code fake}; the proxy is not added yet and nothing runs. */
    static LaneFixture of(FakeProxy fake, ProxySettings settings) {
        return new LaneFixture(fake, settings, LaneClock.system());
    }

    /** As {@link #of(FakeProxy, ProxySettings)}, with the lanes on this clock. */
    static LaneFixture of(FakeProxy fake, ProxySettings settings, LaneClock clock) {
        return new LaneFixture(fake, settings, clock);
    }

    /** A plain fake proxy, {@link ProxyTests#settings} with this probe interval, added and resynced once. */
    static LaneFixture resynced(Duration probe) throws InterruptedException {
        return of(FakeProxy.start(), ProxyTests.settings(probe)).addStartAndAwaitAdded();
    }

    /** Adds the proxy and starts the registry; the lane's resync then runs on its own thread. */
    LaneFixture addAndStart() {
        try {
            registry.add(proxy);
            registry.start();
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** {@link #addAndStart()}, then waits for the ADDED resync; closes everything if it does not come. */
    LaneFixture addStartAndAwaitAdded() throws InterruptedException {
        addAndStart();
        try {
            awaitAdded();
            return this;
        } catch (RuntimeException | Error | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** The lane's first resync, which must be the ADDED one. */
    RecordingListener.Resync awaitAdded() throws InterruptedException {
        RecordingListener.Resync added = listener.next(WAIT);
        assertEquals(ResyncReason.ADDED, added.reason(), "the first resync of a new lane");
        return added;
    }

    /** Sends through the lane and waits (bounded by {@link ProxyTests#WAIT}) for the reply. */
    McmpReply send(McmpRequest request) throws InterruptedException, ExecutionException, TimeoutException {
        return registry.send(proxy, request).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    ProxySnapshot snapshot() {
        return ProxyTests.snapshot(registry, proxy);
    }

    ProxyState state() {
        return snapshot().state();
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            fake.close();
        }
    }
}
