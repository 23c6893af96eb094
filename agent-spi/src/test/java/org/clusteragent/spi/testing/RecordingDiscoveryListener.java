package org.clusteragent.spi.testing;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.ProxyDiscovery;

/**
 * A discovery listener for tests: every call becomes one line in {@link #events}, e.g.
 * {@code found 127.0.0.1:6666}, {@code restarted https://10.0.0.1:6666}, {@code lost …}. Thread-safe;
 * subclass it to make one call misbehave.
 */
public class RecordingDiscoveryListener implements ProxyDiscovery.Listener {

    /** The events in arrival order; tests poll it, with a timeout when discovery runs on its own thread. */
    public final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void proxyFound(ProxyAddress proxy) {
        events.add("found " + proxy);
    }

    @Override
    public void proxyRestarted(ProxyAddress proxy) {
        events.add("restarted " + proxy);
    }

    @Override
    public void proxyLost(ProxyAddress proxy) {
        events.add("lost " + proxy);
    }

    /** The oldest event not yet taken, or null. */
    public String poll() {
        return events.poll();
    }
}
