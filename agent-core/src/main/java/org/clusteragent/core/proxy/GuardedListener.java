package org.clusteragent.core.proxy;

import java.util.List;

import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.mcmp.PingRequest;
import org.clusteragent.spi.ProxyAddress;
import org.jboss.logging.Logger;

/**
 * A lane's view of its {@link ProxyListener}: the notifications that must not break the lane. A
 * listener that throws from one of them is logged at DEBUG and the lane goes on; probes fall back
 * to a bare PING. {@link ProxyListener#resync} is not wrapped: its failures are the lane's business.
 */
final class GuardedListener {

    private static final Logger LOG = Logger.getLogger(GuardedListener.class);

    private final ProxyAddress address;
    private final ProxyListener listener;

    GuardedListener(ProxyAddress address, ProxyListener listener) {
        this.address = address;
        this.listener = listener;
    }

    ProxyListener unwrapped() {
        return listener;
    }

    /** The listener's probes, or a bare PING when it has none or throws. */
    List<McmpRequest> probes() {
        try {
            List<McmpRequest> probes = listener.probes();
            return probes.isEmpty() ? List.of(PingRequest.bare()) : probes;
        } catch (RuntimeException e) {
            LOG.debugf(e, "listener.probes threw for %s; sending a bare PING", address);
            return List.of(PingRequest.bare());
        }
    }

    void replied(McmpRequest request, McmpReply reply, long nanos) {
        try {
            listener.replied(address, request, reply, nanos);
        } catch (RuntimeException e) {
            LOG.debugf(e, "listener.replied threw for %s", address);
        }
    }

    void restarted() {
        try {
            listener.restarted(address);
        } catch (RuntimeException e) {
            LOG.debugf(e, "listener.restarted threw for %s", address);
        }
    }

    void failed(McmpRequest request, Exception cause) {
        try {
            listener.failed(address, request, cause);
        } catch (RuntimeException e) {
            LOG.debugf(e, "listener.failed threw for %s", address);
        }
    }
}
