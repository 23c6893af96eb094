package org.clusteragent.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.security.cert.CertificateException;
import java.util.Optional;

import javax.net.ssl.SSLHandshakeException;

import org.clusteragent.core.proxy.ClientCertificateRequests.Answer;
import org.clusteragent.core.proxy.ClientCertificateRequests.Request;
import org.junit.jupiter.api.Test;

/**
 * Which hint each kind of TLS failure gets, for the failures a real proxy cannot easily be made to
 * show in a test (TLS 1.2 alerts, a certificate naming another host); the common ones are checked
 * end to end in {@code ProxyTlsTest} and, against real httpd, in test-harness's {@code HttpdTlsTest}.
 */
class TlsHintTest {

    private static Answer answer(Request request, Optional<String> presented) {
        return new Answer(request, presented, Optional.empty());
    }

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void eachFailureNamesOnlyTheAttributesThatCanFixIt() {
        String untrusted = TlsHint.of(handshake("PKIX path building failed",
                new CertificateException("unable to find valid certification path")), true);
        assertTrue(untrusted.contains("untrusted server certificate") && untrusted.contains("sslTrustStore"), untrusted);
        assertFalse(untrusted.contains("sslKeyStore"), untrusted);

        String name = TlsHint.of(handshake("No subject alternative names matching IP address 10.1.2.3 found",
                new CertificateException("No subject alternative names matching IP address 10.1.2.3 found")), true);
        assertTrue(name.contains("does not name the address dialled") && name.contains("10.1.2.3")
                && name.contains("proxyList"), name);

        // no certificate: the TLS 1.3 alert; the connection closed after the handshake (TLS 1.3, whether or not
        // the context noted the proxy's request); a handshake broken after the proxy asked (TLS 1.2)
        for (IOException none : new IOException[] {new SSLHandshakeException("Received fatal alert: certificate_required"),
                new TlsFailureException(true, answer(Request.NOT_KNOWN, Optional.empty()), new SocketException("Broken pipe")),
                new TlsFailureException(true, answer(Request.ASKED, Optional.empty()), new SocketException("Broken pipe")),
                new TlsFailureException(false, answer(Request.ASKED, Optional.empty()), new SocketException("Broken pipe")),
                new TlsFailureException(false, answer(Request.ASKED, Optional.empty()),
                        new SSLHandshakeException("Received fatal alert: handshake_failure"))}) {
            String hint = TlsHint.of(none, true);
            assertTrue(hint.contains("requires a client certificate") && hint.contains("presented none")
                    && hint.contains("sslKeyStore"), hint);
            assertFalse(hint.contains("sslTrustStore"), hint);
        }

        String refused = TlsHint.of(new TlsFailureException(false, answer(Request.ASKED, Optional.of("CN=node-a")),
                new SocketException("Connection reset")), true);
        assertTrue(refused.contains("refused this node's client certificate (CN=node-a)")
                && refused.contains("sslKeyAlias"), refused);
        String unmatched = TlsHint.of(new TlsFailureException(true, new Answer(Request.ASKED, Optional.empty(),
                Optional.of("the key store holds CN=a issued by CN=other-ca, but the proxy accepts only certificates"
                        + " issued by CN=ca")), new SocketException("Broken pipe")), true);
        assertTrue(unmatched.contains("presented none: the key store holds CN=a issued by CN=other-ca")
                && unmatched.contains("sslKeyStore") && !unmatched.contains("sslTrustStore"), unmatched);
        String notAsked = TlsHint.of(new TlsFailureException(true, answer(Request.NOT_ASKED, Optional.empty()),
                new SocketException("Connection reset")), true);
        assertTrue(notAsked.contains("without asking for a client certificate"), notAsked);
        // a handshake failure the proxy did not ask anything in is read from its cause
        String wrapped = TlsHint.of(new TlsFailureException(false, answer(Request.NOT_ASKED, Optional.empty()),
                handshake("PKIX path building failed", new CertificateException("no path"))), true);
        assertTrue(wrapped.contains("untrusted server certificate"), wrapped);
        // under TLS 1.3 the proxy asks before this node checks its certificate: an untrusted one still wins
        String askedThenUntrusted = TlsHint.of(new TlsFailureException(false, answer(Request.ASKED, Optional.empty()),
                handshake("PKIX path building failed", new CertificateException("no path"))), true);
        assertTrue(askedThenUntrusted.contains("untrusted server certificate")
                && !askedThenUntrusted.contains("sslKeyStore"), askedThenUntrusted);
        String unknownCa = TlsHint.of(new SSLHandshakeException("Received fatal alert: unknown_ca"), true);
        assertTrue(unknownCa.contains("refused this node's client certificate (alert unknown_ca)"), unknownCa);

        String plain = TlsHint.of(new javax.net.ssl.SSLException("Unsupported or unrecognized SSL message"), true);
        assertTrue(plain.contains("does not answer in TLS") && plain.contains("ssl=false"), plain);
        String protocol = TlsHint.of(new SSLHandshakeException("Received fatal alert: protocol_version"), true);
        assertTrue(protocol.contains("sslProtocol") && protocol.contains("sslCiphers"), protocol);
        String duringHandshake = TlsHint.of(new EOFException("SSL peer shut down incorrectly"), true);
        assertTrue(duringHandshake.contains("during the TLS handshake"), duringHandshake);
    }

    @Test
    void failuresThatAreNotAboutTlsGetNoHint() {
        assertEquals("", TlsHint.of(new ConnectException("Connection refused"), true));
        assertEquals("", TlsHint.of(new SocketException("Connection reset"), false));
        assertEquals("", TlsHint.of(new IOException("HTTP 503 Service Unavailable to STATUS"), true));
    }
}
