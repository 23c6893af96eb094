package org.clusteragent.core.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CRL;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

import org.clusteragent.core.config.TlsSettings;
import org.clusteragent.spi.InvalidConfigurationException;

/**
 * Builds the client {@link SSLContext} for talking to proxies from mod_cluster's {@code ssl*}
 * attributes ({@link TlsSettings}): an optional key store for mutual TLS (restricted to
 * {@code sslKeyAlias} when given), a trust store (else the JSSE defaults), an optional CRL checked
 * with PKIX, and the {@code sslProtocol}. Cipher suites are not part of a context: pass
 * {@code sslCiphers} to {@link ProxySettings#tlsCiphers()}. Its key managers note whether a proxy asked
 * for a client certificate ({@link ClientCertificateRequests}), for the warning when a handshake
 * fails. Stateless and thread-safe; every
 * failure is an {@link InvalidConfigurationException} naming the attribute and value at fault.
 */
public final class TlsContextFactory {

    private TlsContextFactory() {
    }

    /** Builds the context; reads the store files now, so a bad path fails at configuration time. */
    public static SSLContext create(TlsSettings tls) {
        KeyManager[] keyManagers = ClientCertificateRequests.recording(keyManagers(tls));
        TrustManager[] trustManagers = trustManagers(tls);
        try {
            SSLContext context = SSLContext.getInstance(tls.protocol());
            context.init(keyManagers, trustManagers, null);
            checkCiphers(context, tls);
            return ClientCertificateRequests.records(context);
        } catch (GeneralSecurityException e) {
            throw problem("sslProtocol", tls.protocol(), e.getMessage()
                    + "; use a protocol this JVM supports, such as TLS or TLSv1.3");
        }
    }

    /**
     * Cipher suites are only applied to each connection, so an unknown one would fail every
     * connection attempt instead of the configuration: check them against the context now.
     */
    private static void checkCiphers(SSLContext context, TlsSettings tls) {
        if (tls.cipherSuites().isEmpty()) {
            return;
        }
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
        List<String> unknown = tls.cipherSuites().stream().filter(c -> !supported.contains(c)).toList();
        if (!unknown.isEmpty()) {
            throw problem("sslCiphers", String.join(",", tls.cipherSuites()), (unknown.size() == 1
                    ? unknown.get(0) + " is not a cipher suite" : unknown + " are not cipher suites")
                    + " this JVM supports for " + tls.protocol() + "; use standard names separated by commas, such"
                    + " as TLS_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        }
    }

    /** The one error format of settings: {@code name="value": what is wrong; what to do}. */
    private static InvalidConfigurationException problem(String name, String value, String reason) {
        return new InvalidConfigurationException(name + "=\"" + value + "\": " + reason);
    }

    private static KeyManager[] keyManagers(TlsSettings tls) {
        Optional<String> path = tls.keyStore();
        if (path.isEmpty()) {
            Path fallback = Path.of(System.getProperty("user.home"), ".keystore");
            if (!Files.isReadable(fallback)) {
                return null; // no client certificate: plain server-authenticated TLS
            }
            path = Optional.of(fallback.toString());
        }
        char[] password = tls.keyStorePassword().toCharArray();
        KeyStore store = load("sslKeyStore", path.get(), tls.keyStoreType(), tls.keyStoreProvider(), password);
        try {
            if (tls.keyAlias().isPresent() && !store.isKeyEntry(tls.keyAlias().get())) {
                throw problem("sslKeyAlias", tls.keyAlias().get(), "names no key in sslKeyStore=\"" + path.get()
                        + "\"; list the store's aliases with keytool -list");
            }
            String algorithm = tls.keyManagerAlgorithm().orElse(KeyManagerFactory.getDefaultAlgorithm());
            KeyManagerFactory factory = KeyManagerFactory.getInstance(algorithm);
            factory.init(store, password);
            KeyManager[] managers = factory.getKeyManagers();
            if (tls.keyAlias().isPresent()) {
                for (int i = 0; i < managers.length; i++) {
                    if (managers[i] instanceof X509KeyManager x509) {
                        managers[i] = new AliasKeyManager(x509, tls.keyAlias().get());
                    }
                }
            }
            return managers;
        } catch (GeneralSecurityException e) {
            throw problem("sslKeyStore", path.get(), "cannot use its keys (" + e.getMessage()
                    + "); check sslKeyStorePassword and sslCertificateEncodingAlgorithm");
        }
    }

    private static TrustManager[] trustManagers(TlsSettings tls) {
        if (tls.trustStore().isEmpty() && tls.crlFile().isEmpty() && tls.trustManagerAlgorithm().isEmpty()) {
            return null; // SSLContext.init falls back to the JSSE default trust
        }
        String algorithm = tls.trustManagerAlgorithm().orElse(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore anchors = trustStore(tls);
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(algorithm);
            if (tls.crlFile().isEmpty()) {
                factory.init(anchors);
            } else {
                PKIXBuilderParameters pkix = new PKIXBuilderParameters(anchors, new X509CertSelector());
                pkix.addCertStore(CertStore.getInstance("Collection",
                        new CollectionCertStoreParameters(crls(tls.crlFile().get()))));
                pkix.setRevocationEnabled(true);
                pkix.setMaxPathLength(tls.maxCertPathLength());
                factory.init(new CertPathTrustManagerParameters(pkix));
            }
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw problem(tls.trustManagerAlgorithm().isPresent() ? "sslTrustAlgorithm" : "sslTrustStore",
                    tls.trustManagerAlgorithm().orElse(tls.trustStore().orElse("(JSSE default)")),
                    "cannot build trust managers (" + e.getMessage() + "); check the store, sslTrustAlgorithm"
                            + " and sslCrlFile");
        }
    }

    /** The configured trust store, or the JSSE default one when only a CRL or algorithm was given. */
    private static KeyStore trustStore(TlsSettings tls) {
        String path = tls.trustStore().orElse(null);
        String type = tls.trustStoreType().orElse(null);
        String password = tls.trustStorePassword().orElse(null);
        if (path == null) {
            path = System.getProperty("javax.net.ssl.trustStore");
            if (type == null) {
                type = System.getProperty("javax.net.ssl.trustStoreType");
            }
            if (password == null) {
                password = System.getProperty("javax.net.ssl.trustStorePassword");
            }
        }
        if (path == null) {
            Path security = Path.of(System.getProperty("java.home"), "lib", "security");
            Path jsse = security.resolve("jssecacerts");
            path = (Files.isReadable(jsse) ? jsse : security.resolve("cacerts")).toString();
        }
        return load("sslTrustStore", path, type != null ? type : KeyStore.getDefaultType(),
                tls.trustStoreProvider(), password == null ? null : password.toCharArray());
    }

    private static KeyStore load(String attribute, String path, String type, Optional<String> provider,
                                 char[] password) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            KeyStore store = provider.isPresent() ? KeyStore.getInstance(type, provider.get()) : KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        } catch (IOException e) {
            throw problem(attribute, path, "cannot read it as a " + type + " store (" + e
                    + "); check the path, the store type and " + attribute + "Password");
        } catch (GeneralSecurityException e) {
            throw problem(attribute, path, e.getMessage() + "; check " + attribute + "Type (" + type + ") and "
                    + attribute + "Provider" + provider.map(p -> " (" + p + ")").orElse(""));
        }
    }

    private static Collection<? extends CRL> crls(String path) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            return CertificateFactory.getInstance("X.509").generateCRLs(in);
        } catch (IOException | GeneralSecurityException e) {
            throw problem("sslCrlFile", path, "cannot read a certificate revocation list (" + e.getMessage()
                    + "); give a PEM or DER X.509 CRL file");
        }
    }

    /** Presents only the configured alias as the client certificate. */
    private static final class AliasKeyManager extends X509ExtendedKeyManager {
        private final X509KeyManager delegate;
        private final String alias;

        AliasKeyManager(X509KeyManager delegate, String alias) {
            this.delegate = delegate;
            this.alias = alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String name) {
            return delegate.getCertificateChain(name);
        }

        @Override
        public PrivateKey getPrivateKey(String name) {
            return delegate.getPrivateKey(name);
        }
    }
}
