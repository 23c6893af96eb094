package org.clusteragent.spi;

/**
 * A source of proxies found at run time, such as the multicast advertise listener. The agent
 * {@link #start starts} it on server start and {@link #stop stops} it on server stop; between the
 * two, the discovery calls the {@link Listener} from its own thread(s). {@link #stop} returns only
 * when no thread of the discovery runs any more.
 */
public interface ProxyDiscovery {

    /** Receives discoveries. Implemented by the agent; must return quickly and never throw. */
    interface Listener {
        /** A proxy was found (or heard again after it was lost). */
        void proxyFound(ProxyAddress proxy);

        /** A known proxy restarted and has forgotten this node: tell it everything again. */
        void proxyRestarted(ProxyAddress proxy);

        /** A proxy said goodbye or was not heard for too long. */
        void proxyLost(ProxyAddress proxy);
    }

    /** Starts discovering; may start threads (named {@code clusteragent-…}, daemon). */
    void start(Listener listener) throws Exception;

    /** Stops discovering and ends every thread started by {@link #start}. Idempotent. */
    void stop();
}
