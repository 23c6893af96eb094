package org.clusteragent.core.proxy;

import java.io.IOException;

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

    private final boolean afterHandshake;
    private final transient ClientCertificateRequests.Answer answer;

    /**
     * @param afterHandshake whether the handshake had completed
     * @param answer         what the handshake showed of the client certificate (whether the proxy asked is
     *                       known only for contexts built by {@link TlsContextFactory})
     * @param cause          how the connection failed
     */
    TlsFailureException(boolean afterHandshake, ClientCertificateRequests.Answer answer, IOException cause) {
        super(afterHandshake ? "the proxy closed the TLS connection right after the handshake (" + cause + ")"
                : cause.toString(), cause);
        this.afterHandshake = afterHandshake;
        this.answer = answer;
    }

    /** The message alone: the warning that prints this reads better without the class name. */
    @Override
    public String toString() {
        return getMessage();
    }

    boolean afterHandshake() {
        return afterHandshake;
    }

    ClientCertificateRequests.Answer answer() {
        return answer;
    }
}
