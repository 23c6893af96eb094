package org.clusteragent.core.proxy;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
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
 * ProxyConnection} calls {@link #reset()} before each handshake and reads {@link #answer} after it;
 * contexts from elsewhere record nothing, which the answer reports as not known. When JSSE presents
 * nothing because no certificate of the key store is issued by a CA the proxy names, the answer
 * says so, since "none presented" alone would send the operator to a key store that is there. Thread-confined answers; the wrappers and the registry are thread-safe.
 */
final class ClientCertificateRequests {

    /** Whether the proxy asked for a client certificate in the handshake. */
    enum Request { ASKED, NOT_ASKED, NOT_KNOWN }

    /**
     * What one handshake showed of the client certificate.
     *
     * @param request   whether the proxy asked for one
     * @param presented the subject of the certificate presented, empty if none
     * @param unmatched when none was presented although the key store holds client certificates: which
     *                  ones, and the issuers the proxy named as acceptable
     */
    record Answer(Request request, Optional<String> presented, Optional<String> unmatched) {
        static final Answer NOT_KNOWN = new Answer(Request.NOT_KNOWN, Optional.empty(), Optional.empty());
    }

    /** Per handshake thread: null = not asked. */
    private static final ThreadLocal<Answer> ANSWER = new ThreadLocal<>();
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

    /** What this thread's handshake on {@code context} showed since {@link #reset()}. */
    static Answer answer(SSLContext context) {
        Answer answer = ANSWER.get();
        if (answer != null) {
            return answer;
        }
        return RECORDING.containsKey(context) ? new Answer(Request.NOT_ASKED, Optional.empty(), Optional.empty())
                : Answer.NOT_KNOWN;
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

        private String record(String alias, String[] keyTypes, Principal[] issuers) {
            X509Certificate[] chain = alias == null ? null : getCertificateChain(alias);
            Optional<String> presented = chain == null || chain.length == 0 ? Optional.empty()
                    : Optional.of(chain[0].getSubjectX500Principal().getName());
            ANSWER.set(new Answer(Request.ASKED, presented, presented.isPresent() ? Optional.empty()
                    : unmatched(keyTypes, issuers)));
            return alias;
        }

        /** The key store's client certificates, none of which the proxy's issuer list let JSSE choose. */
        private Optional<String> unmatched(String[] keyTypes, Principal[] issuers) {
            if (delegate == null || keyTypes == null) {
                return Optional.empty();
            }
            List<String> held = new ArrayList<>();
            for (String keyType : keyTypes) {
                String[] aliases = delegate.getClientAliases(keyType, null);
                for (String a : aliases == null ? new String[0] : aliases) {
                    X509Certificate[] chain = delegate.getCertificateChain(a);
                    if (chain != null && chain.length > 0) {
                        held.add(chain[0].getSubjectX500Principal().getName() + " issued by "
                                + chain[0].getIssuerX500Principal().getName());
                    }
                }
            }
            if (held.isEmpty()) {
                return Optional.empty();
            }
            String accepted = issuers == null || issuers.length == 0 ? "none named"
                    : String.join("; ", Arrays.stream(issuers).map(Principal::getName).toList());
            return Optional.of("the key store holds " + String.join("; ", held)
                    + ", but the proxy accepts only certificates issued by " + accepted);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return record(delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, socket), keyType,
                    issuers);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            String alias = delegate instanceof X509ExtendedKeyManager extended
                    ? extended.chooseEngineClientAlias(keyType, issuers, engine)
                    : delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, null);
            return record(alias, keyType, issuers);
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
