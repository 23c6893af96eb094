package org.clusteragent.harness.httpd;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@code HttpdBalancer} runs. Immutable; built with {@link Builder}.
 *
 * @param host      the one address every listener binds (loopback by default)
 * @param proxyPort where clients send requests (httpd's main server); 0 takes a free port at first start
 * @param mcmpPort  the MCMP VirtualHost (EnableMCMPReceive, the mod_cluster-manager page); 0 = free port
 * @param logLevel  httpd's LogLevel, e.g. {@code notice} or {@code info manager:debug}
 * @param advertise advertise datagrams from the MCMP VirtualHost, if any
 * @param tls       whether the MCMP VirtualHost speaks TLS (mod_ssl, a certificate generated at start)
 * @param ajpSecret mod_manager's {@code AJPSecret}: the secret httpd sends to every node registered with
 *                  {@code Type=ajp} (Tomcat's AJP connector {@code secret}); empty: none. mod_proxy_ajp is
 *                  always loaded, so AJP nodes are routable either way
 * @param extra     more directives appended to httpd.conf as they are, one per element
 */
public record HttpdSettings(String host, int proxyPort, int mcmpPort, String logLevel, Optional<Advertise> advertise,
                            Optional<Tls> tls, Optional<String> ajpSecret, List<String> extra) {

    /**
     * mod_advertise: datagrams to {@code group:port} every {@code frequencySeconds}, signed with
     * {@code securityKey} (null: unsigned), sent from the fixture's host.
     */
    public record Advertise(String group, int port, String securityKey, int frequencySeconds) {
        public Advertise {
            Objects.requireNonNull(group, "group");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("advertise port=" + port + ": must be 1..65535");
            }
            if (frequencySeconds < 1) {
                throw new IllegalArgumentException("advertise frequencySeconds=" + frequencySeconds + ": must be >= 1");
            }
        }
    }

    /**
     * TLS on the MCMP VirtualHost with a server certificate for {@code CN=localhost} (SAN localhost,
     * 127.0.0.1) signed by a CA generated at start; with {@code requireClientCertificate}, clients must
     * present a certificate signed by that same CA ({@code SSLVerifyClient require}).
     */
    public record Tls(boolean requireClientCertificate) {
    }

    public HttpdSettings {
        Objects.requireNonNull(host, "host");
        checkPort("proxyPort", proxyPort);
        checkPort("mcmpPort", mcmpPort);
        if (proxyPort != 0 && proxyPort == mcmpPort) {
            throw new IllegalArgumentException("proxyPort and mcmpPort are both " + proxyPort);
        }
        if (logLevel == null || logLevel.isBlank()) {
            throw new IllegalArgumentException("logLevel='" + logLevel + "': give an httpd LogLevel such as notice");
        }
        Objects.requireNonNull(advertise, "advertise");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(ajpSecret, "ajpSecret");
        ajpSecret.ifPresent(secret -> {
            // mod_manager refuses a secret of 64 characters or more (PROXY_WORKER_MAX_SECRET_SIZE)
            if (secret.isBlank() || secret.length() >= 64) {
                throw new IllegalArgumentException("ajpSecret='" + secret + "': give 1..63 characters");
            }
        });
        extra = List.copyOf(extra);
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + "=" + port + ": must be 0 (a free port) or 1..65535");
        }
    }

    /** Mutable builder with test defaults: 127.0.0.1, free ports, LogLevel notice, no advertise, no TLS. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int proxyPort;
        private int mcmpPort;
        private String logLevel = "notice";
        private Advertise advertise;
        private Tls tls;
        private String ajpSecret;
        private List<String> extra = List.of();

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder proxyPort(int v) {
            proxyPort = v;
            return this;
        }

        public Builder mcmpPort(int v) {
            mcmpPort = v;
            return this;
        }

        public Builder logLevel(String v) {
            logLevel = v;
            return this;
        }

        public Builder advertise(String group, int port, String securityKey, int frequencySeconds) {
            advertise = new Advertise(group, port, securityKey, frequencySeconds);
            return this;
        }

        public Builder tls(boolean requireClientCertificate) {
            tls = new Tls(requireClientCertificate);
            return this;
        }

        public Builder ajpSecret(String v) {
            ajpSecret = v;
            return this;
        }

        public Builder extra(String... directives) {
            extra = List.of(directives);
            return this;
        }

        public HttpdSettings build() {
            return new HttpdSettings(host, proxyPort, mcmpPort, logLevel, Optional.ofNullable(advertise),
                    Optional.ofNullable(tls), Optional.ofNullable(ajpSecret), extra);
        }
    }
}
