package org.clusteragent.core.proxy;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.Locale;

import javax.net.ssl.SSLException;

/**
 * Turns a failed TLS connection to a proxy into the one hint an operator needs, appended to the
 * "unreachable" warning: the proxy's certificate is not trusted (check {@code sslTrustStore}), it does
 * not name the address dialled, the proxy requires a client certificate and got none (set
 * {@code sslKeyStore}), or it refused the one presented (check {@code sslKeyStore} and
 * {@code sslKeyAlias}). Each hint names only the attributes that can fix its case. Reads the
 * exception only: its type and causes, what a {@link TlsFailureException} noted of the client
 * certificate, and the JSSE alert names in the messages. Stateless.
 */
final class TlsHint {

    /** JSSE's "Received fatal alert: …" names for a proxy that refused or did not get our certificate. */
    private static final String[] CLIENT_CERTIFICATE_ALERTS = {"certificate_required", "bad_certificate",
            "unknown_ca", "certificate_unknown", "unsupported_certificate", "certificate_revoked",
            "certificate_expired", "access_denied"};

    private TlsHint() {
    }

    /** The hint for {@code cause} (starting with a space, in brackets), or "" when it is not about TLS. */
    static String of(IOException cause, boolean secure) {
        // first: under TLS 1.3 the proxy asks for a client certificate before this node checks the proxy's
        CertificateException certificate = find(cause, CertificateException.class);
        if (certificate != null) {
            String message = String.valueOf(certificate.getMessage());
            if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
                return " [TLS: the proxy's certificate does not name the address dialled (" + message + "): list the"
                        + " proxy in proxyList by a name or IP address its certificate holds]";
            }
            return " [TLS: untrusted server certificate: the proxy's certificate is not signed by a CA that this"
                    + " node trusts; check that the trust store (sslTrustStore, with sslTrustStorePassword and"
                    + " sslTrustStoreType; without it the JVM's default trust store) holds the CA that signed it]";
        }
        if (cause instanceof TlsFailureException failure) {
            ClientCertificateRequests.Answer answer = failure.answer();
            ClientCertificateRequests.Request request = answer.request();
            if (request == ClientCertificateRequests.Request.ASKED
                    || failure.afterHandshake() && request == ClientCertificateRequests.Request.NOT_KNOWN) {
                if (answer.presented().isPresent()) {
                    return clientCertificateRefused(answer.presented().get());
                }
                return answer.unmatched().map(TlsHint::noAcceptableCertificate)
                        .orElseGet(TlsHint::clientCertificateMissing);
            }
            if (failure.afterHandshake()) {
                return " [TLS: the proxy closed the connection right after the handshake without asking for a client"
                        + " certificate; its error log says why]";
            }
            return failure.getCause() instanceof IOException io ? of(io, secure) : "";
        }
        if (cause instanceof SSLException ssl) {
            String message = String.valueOf(ssl.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("received fatal alert: certificate_required")) {
                return clientCertificateMissing();
            }
            for (String alert : CLIENT_CERTIFICATE_ALERTS) {
                if (message.contains("received fatal alert: " + alert)) {
                    return " [TLS: the proxy refused this node's client certificate (alert " + alert + "); check"
                            + " that the key store (sslKeyStore, sslKeyAlias) holds a valid certificate signed by a CA"
                            + " the proxy trusts for clients]";
                }
            }
            if (message.contains("unrecognized ssl message")) {
                return " [TLS: the proxy's port does not answer in TLS; give proxyList its TLS port, or set"
                        + " ssl=false for a plain MCMP port]";
            }
            return " [TLS: the handshake with the proxy failed; check that sslProtocol and sslCiphers allow a"
                    + " protocol and cipher suite the proxy accepts]";
        }
        boolean notConnected = cause instanceof java.net.ConnectException || cause instanceof java.net.NoRouteToHostException;
        if (secure && !notConnected && (cause instanceof java.net.SocketException || cause instanceof java.io.EOFException)) {
            return " [TLS: the proxy closed the connection during the TLS handshake; check that the port in"
                    + " proxyList speaks TLS and that sslProtocol and sslCiphers allow what the proxy accepts]";
        }
        return "";
    }

    private static String clientCertificateMissing() {
        return " [TLS: the proxy requires a client certificate (mutual TLS) and this node presented none; set"
                + " the key store (sslKeyStore, with sslKeyStorePassword and sslKeyStoreType) to one holding a"
                + " certificate signed by a CA the proxy trusts for clients]";
    }

    private static String noAcceptableCertificate(String unmatched) {
        return " [TLS: the proxy requires a client certificate (mutual TLS) and this node presented none: "
                + unmatched + "; put a certificate signed by a CA the proxy trusts for clients into the key store"
                + " (sslKeyStore, sslKeyAlias)]";
    }

    private static String clientCertificateRefused(String subject) {
        return " [TLS: the proxy refused this node's client certificate (" + subject + "); check that the key"
                + " store (sslKeyStore, sslKeyAlias) holds a valid certificate signed by a CA the proxy trusts for"
                + " clients]";
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
