package org.clusteragent.core.proxy;

import java.io.IOException;
import java.util.Optional;

/**
 * A TLS connection to a proxy failed, with what this node knows about the client certificate part
 * of it, so the warning can say which side to fix. Two shapes: the handshake itself failed, or a
 * fresh connection completed its handshake and then failed before the first byte of a reply. The
 * second is what a proxy that requires client certificates does under TLS 1.3 when it does not get
 * one it accepts: it checks the certificate after the client's last handshake message, so the client
 * only sees the alert, a reset or a broken pipe on its first write or read. Immutable.
 */
final class TlsFailureException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Whether the proxy asked for a client certificate in the handshake. */
    enum Request { ASKED, NOT_ASKED, NOT_KNOWN }

    private final boolean afterHandshake;
    private final Request request;
    private final transient Optional<String> presented;

    /**
     * @param afterHandshake whether the handshake had completed
     * @param request        whether the proxy asked for a client certificate (known only for contexts built
     *                       by {@link TlsContextFactory})
     * @param presented      the subject of the client certificate this node presented, empty if none
     * @param cause          how the connection failed
     */
    TlsFailureException(boolean afterHandshake, Request request, Optional<String> presented, IOException cause) {
        super(afterHandshake ? "the proxy closed the TLS connection right after the handshake (" + cause + ")"
                : cause.toString(), cause);
        this.afterHandshake = afterHandshake;
        this.request = request;
        this.presented = presented;
    }

    /** The message alone: the warning that prints this reads better without the class name. */
    @Override
    public String toString() {
        return getMessage();
    }

    boolean afterHandshake() {
        return afterHandshake;
    }

    Request request() {
        return request;
    }

    /** The subject of the client certificate this node presented in the handshake, empty if it presented none. */
    Optional<String> presented() {
        return presented;
    }
}
