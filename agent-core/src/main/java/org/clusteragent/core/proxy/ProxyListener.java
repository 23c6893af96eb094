package org.clusteragent.core.proxy;

import java.io.IOException;
import java.util.List;

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

    /**
     * What an idle lane sends every probe interval to find dead connections and forgetful proxies:
     * by default a bare {@code PING}. A proxy can forget a node yet keep its id (httpd's graceful
     * restart), which only a command naming the node reveals, so an agent returns one
     * {@code PING JVMRoute=…} per node it announces. An empty list sends the bare PING.
     * Called on the lane thread; must be quick and must not block.
     */
    default List<McmpRequest> probes() {
        return List.of();
    }

    /**
     * A reply carried an id other than the last one seen from this proxy: it restarted. Called
     * whatever revealed it first (a PING naming a forgotten node answers {@code MEM} without an
     * id, so the new id may only show in the resync that MEM started).
     */
    default void restarted(ProxyAddress proxy) {
    }

    /** A request got a reply (any reply, errors included) after {@code nanos} nanoseconds. */
    default void replied(ProxyAddress proxy, McmpRequest request, McmpReply reply, long nanos) {
    }

    /** A request got no reply: connection failure, timeout, or a reply that is not HTTP. */
    default void failed(ProxyAddress proxy, McmpRequest request, Exception cause) {
    }
}
