package org.clusteragent.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to talk TLS to proxies: plain data, read from the {@code ssl*} attributes; the SSLContext is
 * built elsewhere from it. Immutable. Empty optionals mean "not configured" and leave the choice
 * to the builder: no {@code keyStore} means docs/attributes.md's default {@code ~/.keystore} (a
 * builder uses it when the file exists, else sends no client certificate); no trust-store value
 * means the JSSE default ({@code javax.net.ssl.*} system properties, then the JDK's cacerts).
 * {@link #toString()} masks both passwords, so a value can be logged.
 *
 * @param enabled               {@code ssl}: talk to proxies over TLS
 * @param protocol              {@code sslProtocol}, e.g. {@code TLS} or {@code TLSv1.3}
 * @param cipherSuites          {@code sslCiphers}; empty list: the JSSE default suites
 * @param keyStore              {@code sslKeyStore}: path of the client key store (mutual TLS)
 * @param keyStorePassword      {@code sslKeyStorePassword}, default {@code changeit}
 * @param keyStoreType          {@code sslKeyStoreType}, default {@code JKS}
 * @param keyStoreProvider      {@code sslKeyStoreProvider}; empty: the default provider
 * @param keyAlias              {@code sslKeyAlias}: which key of the key store to present
 * @param trustStore            {@code sslTrustStore}: path of the store of trusted CAs
 * @param trustStorePassword    {@code sslTrustStorePassword}
 * @param trustStoreType        {@code sslTrustStoreType}
 * @param trustStoreProvider    {@code sslTrustStoreProvider}
 * @param crlFile               {@code sslCrlFile}: certificate revocation list to check against
 * @param keyManagerAlgorithm   mod_cluster's {@code sslCertificateEncodingAlgorithm}; empty: JSSE default
 * @param trustManagerAlgorithm mod_cluster's {@code sslTrustAlgorithm}; empty: JSSE default
 * @param maxCertPathLength     mod_cluster's {@code sslTrustMaxCertLength} (used with a CRL), default 5
 */
public record TlsSettings(boolean enabled, String protocol, List<String> cipherSuites,
                          Optional<String> keyStore, String keyStorePassword, String keyStoreType,
                          Optional<String> keyStoreProvider, Optional<String> keyAlias,
                          Optional<String> trustStore, Optional<String> trustStorePassword,
                          Optional<String> trustStoreType, Optional<String> trustStoreProvider,
                          Optional<String> crlFile, Optional<String> keyManagerAlgorithm,
                          Optional<String> trustManagerAlgorithm, int maxCertPathLength) {

    /** TLS off, every other value at its default. */
    public static final TlsSettings DEFAULT = builder().build();

    static final String MASK = "****";

    public TlsSettings {
        Objects.requireNonNull(protocol, "protocol");
        cipherSuites = List.copyOf(cipherSuites);
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(keyStoreType, "keyStoreType");
        Objects.requireNonNull(keyStoreProvider, "keyStoreProvider");
        Objects.requireNonNull(keyAlias, "keyAlias");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        Objects.requireNonNull(trustStoreType, "trustStoreType");
        Objects.requireNonNull(trustStoreProvider, "trustStoreProvider");
        Objects.requireNonNull(crlFile, "crlFile");
        Objects.requireNonNull(keyManagerAlgorithm, "keyManagerAlgorithm");
        Objects.requireNonNull(trustManagerAlgorithm, "trustManagerAlgorithm");
        if (maxCertPathLength < 0) {
            throw new IllegalArgumentException("maxCertPathLength " + maxCertPathLength + " is negative");
        }
    }

    /** A builder starting from the defaults (TLS off). */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "TlsSettings[enabled=" + enabled + ", protocol=" + protocol + ", cipherSuites=" + cipherSuites
                + ", keyStore=" + keyStore.orElse("(default)") + ", keyStorePassword=" + MASK
                + ", keyStoreType=" + keyStoreType + ", keyStoreProvider=" + keyStoreProvider.orElse("(default)")
                + ", keyAlias=" + keyAlias.orElse("(any)") + ", trustStore=" + trustStore.orElse("(default)")
                + ", trustStorePassword=" + trustStorePassword.map(p -> MASK).orElse("(default)")
                + ", trustStoreType=" + trustStoreType.orElse("(default)")
                + ", trustStoreProvider=" + trustStoreProvider.orElse("(default)")
                + ", crlFile=" + crlFile.orElse("(none)")
                + ", keyManagerAlgorithm=" + keyManagerAlgorithm.orElse("(default)")
                + ", trustManagerAlgorithm=" + trustManagerAlgorithm.orElse("(default)")
                + ", maxCertPathLength=" + maxCertPathLength + "]";
    }

    /** Builds {@link TlsSettings}, mostly for tests and programmatic configuration. Not thread-safe. */
    public static final class Builder {
        private boolean enabled;
        private String protocol = "TLS";
        private List<String> cipherSuites = List.of();
        private String keyStore;
        private String keyStorePassword = "changeit";
        private String keyStoreType = "JKS";
        private String keyStoreProvider;
        private String keyAlias;
        private String trustStore;
        private String trustStorePassword;
        private String trustStoreType;
        private String trustStoreProvider;
        private String crlFile;
        private String keyManagerAlgorithm;
        private String trustManagerAlgorithm;
        private int maxCertPathLength = 5;

        private Builder() {
        }

        public Builder enabled(boolean value) { enabled = value; return this; }
        public Builder protocol(String value) { protocol = value; return this; }
        public Builder cipherSuites(List<String> value) { cipherSuites = value; return this; }
        public Builder keyStore(String path) { keyStore = path; return this; }
        public Builder keyStorePassword(String value) { keyStorePassword = value; return this; }
        public Builder keyStoreType(String value) { keyStoreType = value; return this; }
        public Builder keyStoreProvider(String value) { keyStoreProvider = value; return this; }
        public Builder keyAlias(String value) { keyAlias = value; return this; }
        public Builder trustStore(String path) { trustStore = path; return this; }
        public Builder trustStorePassword(String value) { trustStorePassword = value; return this; }
        public Builder trustStoreType(String value) { trustStoreType = value; return this; }
        public Builder trustStoreProvider(String value) { trustStoreProvider = value; return this; }
        public Builder crlFile(String path) { crlFile = path; return this; }
        public Builder keyManagerAlgorithm(String value) { keyManagerAlgorithm = value; return this; }
        public Builder trustManagerAlgorithm(String value) { trustManagerAlgorithm = value; return this; }
        public Builder maxCertPathLength(int value) { maxCertPathLength = value; return this; }

        public TlsSettings build() {
            return new TlsSettings(enabled, protocol, cipherSuites, Optional.ofNullable(keyStore),
                    keyStorePassword, keyStoreType, Optional.ofNullable(keyStoreProvider),
                    Optional.ofNullable(keyAlias), Optional.ofNullable(trustStore),
                    Optional.ofNullable(trustStorePassword), Optional.ofNullable(trustStoreType),
                    Optional.ofNullable(trustStoreProvider), Optional.ofNullable(crlFile),
                    Optional.ofNullable(keyManagerAlgorithm), Optional.ofNullable(trustManagerAlgorithm),
                    maxCertPathLength);
        }
    }
}
