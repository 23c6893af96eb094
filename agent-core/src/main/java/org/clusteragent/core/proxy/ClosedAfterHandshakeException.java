package org.clusteragent.core.proxy;

import java.io.IOException;
import java.util.Optional;

/**
 * A fresh TLS connection to a proxy completed its handshake, then failed before the first byte of
 * a reply: what a proxy that requires client certificates does under TLS 1.3 when it does not get
 * one it accepts (it checks the certificate after the client's last handshake message, so the client
 * only sees the alert, a reset or a broken pipe on its first write or read). Carries whether this
 * node presented a certificate, so the warning can say what to check. Immutable.
 */
final class ClosedAfterHandshakeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Optional<String> presented;

    /**
     * @param presented the subject of the client certificate this node presented, empty if none
     * @param cause     how the first exchange failed
     */
    ClosedAfterHandshakeException(Optional<String> presented, IOException cause) {
        super("the proxy closed the TLS connection right after the handshake (" + cause + ")", cause);
        this.presented = presented;
    }

    /** The message alone: the warning that prints this reads better without the class name. */
    @Override
    public String toString() {
        return getMessage();
    }

    /** The subject of the client certificate this node presented in the handshake, empty if it presented none. */
    Optional<String> presented() {
        return presented;
    }
}
