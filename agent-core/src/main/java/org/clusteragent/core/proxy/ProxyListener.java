package org.clusteragent.core.proxy;

import java.io.IOException;

import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.spi.ProxyAddress;

/**
 * What a {@link ProxyRegistry} tells its owner (the agent). Every method is called on the calling
 * proxy's lane thread, so calls for one proxy never overlap, while calls for different proxies
 * may run concurrently: implementations must be thread-safe across proxies. Only {@link #resync}
 * may block (it does I/O through the lane); the callbacks must return quickly and never throw.
 */
public interface ProxyListener {

    /**
     * Tell this proxy everything (CONFIG, then every context's state) by calling
     * {@link ProxyLane#exchange} for each request; those run synchronously, before anything queued
     * on the lane. If an exchange fails, let the exception propagate: the lane is then in
     * {@link ProxyState#ERROR} (or DOWN) and will call this again with
     * {@link ResyncReason#RECOVERED} once the proxy answers.
     */
    void resync(ProxyLane lane, ResyncReason reason) throws IOException;

    /** A request got a reply (any reply, errors included) after {@code nanos} nanoseconds. */
    default void replied(ProxyAddress proxy, McmpRequest request, McmpReply reply, long nanos) {
    }

    /** A request got no reply: connection failure, timeout, or a reply that is not HTTP. */
    default void failed(ProxyAddress proxy, McmpRequest request, Exception cause) {
    }
}
