package org.clusteragent.core.proxy;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * Notes whether a proxy asked for a client certificate during a TLS handshake, and which one this
 * node presented, for the warning when the handshake fails (under TLS 1.2 a proxy that requires a
 * certificate just breaks the handshake, which alone does not say why). JSSE asks the key manager to
 * choose a client certificate only when the server sent a CertificateRequest, and does so on the
 * thread running the handshake, so the contexts that {@link TlsContextFactory} builds wrap their key
 * managers to record the answer for that thread, and are remembered ({@link #records}). {@link
 * ProxyConnection} calls {@link #reset()} before each handshake and reads {@link #request} and {@link
 * #presented()} after it; contexts from elsewhere record nothing, which {@link #request} reports as not
 * known. Thread-confined answers; the wrappers and the registry are thread-safe.
 */
final class ClientCertificateRequests {

    /** Per handshake thread: null = not asked; else the subject presented, empty for none. */
    private static final ThreadLocal<Optional<String>> ANSWER = new ThreadLocal<>();
    /** The contexts whose key managers record; weak, so a dropped context is not kept. */
    private static final Map<SSLContext, Boolean> RECORDING = Collections.synchronizedMap(new WeakHashMap<>());

    private ClientCertificateRequests() {
    }

    static void reset() {
        ANSWER.remove();
    }

    /** Marks {@code context} as one whose key managers are {@link #recording}. */
    static SSLContext records(SSLContext context) {
        RECORDING.put(context, Boolean.TRUE);
        return context;
    }

    /** Whether, since {@link #reset()}, a proxy asked this thread's handshake on {@code context} for a client certificate. */
    static TlsFailureException.Request request(SSLContext context) {
        if (ANSWER.get() != null) {
            return TlsFailureException.Request.ASKED;
        }
        return RECORDING.containsKey(context) ? TlsFailureException.Request.NOT_ASKED
                : TlsFailureException.Request.NOT_KNOWN;
    }

    /** The subject of the certificate chosen for the proxy that asked, empty if none or not asked. */
    static Optional<String> presented() {
        Optional<String> answer = ANSWER.get();
        return answer == null ? Optional.empty() : answer;
    }

    /**
     * Key managers that record each client certificate choice and otherwise act as {@code managers}; for
     * none ({@code null}), one that presents no certificate, as JSSE does with none.
     */
    static KeyManager[] recording(KeyManager[] managers) {
        if (managers == null) {
            return new KeyManager[] {new Recorder(null)};
        }
        KeyManager[] wrapped = managers.clone();
        for (int i = 0; i < wrapped.length; i++) {
            if (wrapped[i] instanceof X509KeyManager x509) {
                wrapped[i] = new Recorder(x509);
            }
        }
        return wrapped;
    }

    private static final class Recorder extends X509ExtendedKeyManager {
        private final X509KeyManager delegate;

        Recorder(X509KeyManager delegate) {
            this.delegate = delegate;
        }

        private String record(String alias) {
            X509Certificate[] chain = alias == null ? null : getCertificateChain(alias);
            ANSWER.set(chain == null || chain.length == 0 ? Optional.empty()
                    : Optional.of(chain[0].getSubjectX500Principal().getName()));
            return alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return record(delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, socket));
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            String alias = delegate instanceof X509ExtendedKeyManager extended
                    ? extended.chooseEngineClientAlias(keyType, issuers, engine)
                    : delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, null);
            return record(alias);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate == null ? null : delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate == null ? null : delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return delegate instanceof X509ExtendedKeyManager extended
                    ? extended.chooseEngineServerAlias(keyType, issuers, engine) : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate == null ? null : delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate == null ? null : delegate.getPrivateKey(alias);
        }
    }
}
