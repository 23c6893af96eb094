package org.clusteragent.core.proxy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLContext;

/**
 * How the agent talks to every proxy: timeouts, request prefix, local address, TLS, retry and
 * probing pace. Immutable and shared by all lanes of one {@link ProxyRegistry}; build it with
 * {@link #builder()}, whose defaults match mod_cluster's (socketTimeout 20 s, empty proxyURL).
 *
 * @param socketTimeout   connect timeout and read timeout of one exchange; positive
 * @param proxyUrl        path prefix put before every request line ({@code ""} for none)
 * @param localAddress    local address to bind outgoing connections to, if any
 * @param sslContext      context for proxies whose {@code ProxyAddress.secure()} is true; {@code null}
 *                        means the JVM default context ({@link SSLContext#getDefault()})
 * @param tlsCiphers      cipher suites to enable on TLS connections; empty keeps the JSSE defaults
 * @param verifyHostname  whether the proxy's certificate must name the host we dialled (RFC 2818
 *                        rules: DNS or IP subject alternative names)
 * @param userAgent       value of the {@code User-Agent} request header
 * @param backoffInitial  first retry delay after a proxy became unreachable; positive
 * @param backoffMax      upper bound of the retry delay; at least {@code backoffInitial}
 * @param probeInterval   idle time after which a lane sends its listener's {@link ProxyListener#probes()};
 *                        zero turns probing off
 */
public record ProxySettings(
        Duration socketTimeout,
        String proxyUrl,
        Optional<InetAddress> localAddress,
        SSLContext sslContext,
        List<String> tlsCiphers,
        boolean verifyHostname,
        String userAgent,
        Duration backoffInitial,
        Duration backoffMax,
        Duration probeInterval) {

    public ProxySettings {
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        Objects.requireNonNull(proxyUrl, "proxyUrl");
        Objects.requireNonNull(localAddress, "localAddress");
        tlsCiphers = List.copyOf(tlsCiphers);
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(backoffInitial, "backoffInitial");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(probeInterval, "probeInterval");
        if (socketTimeout.isNegative() || socketTimeout.isZero() || socketTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("socketTimeout=" + socketTimeout.toMillis()
                    + " ms: must be a positive number of milliseconds (default 20000)");
        }
        if (backoffInitial.isNegative() || backoffInitial.isZero()) {
            throw new IllegalArgumentException("backoffInitial=" + backoffInitial + ": must be positive");
        }
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoffMax=" + backoffMax
                    + " is shorter than backoffInitial=" + backoffInitial + ": raise backoffMax");
        }
        if (probeInterval.isNegative()) {
            throw new IllegalArgumentException("probeInterval=" + probeInterval + ": must be zero (off) or positive");
        }
    }

    /** A builder holding the defaults: 20 s timeout, no prefix, backoff 100 ms..1 s, probe every 1 s. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings with every default; see {@link #builder()}. */
    public static ProxySettings defaults() {
        return builder().build();
    }

    /** A builder initialised from these settings. */
    public Builder toBuilder() {
        return new Builder().socketTimeout(socketTimeout).proxyUrl(proxyUrl).localAddress(localAddress.orElse(null))
                .sslContext(sslContext).tlsCiphers(tlsCiphers).verifyHostname(verifyHostname).userAgent(userAgent)
                .backoff(backoffInitial, backoffMax).probeInterval(probeInterval);
    }

    /** Mutable builder for {@link ProxySettings}; not thread-safe. */
    public static final class Builder {
        private Duration socketTimeout = Duration.ofSeconds(20);
        private String proxyUrl = "";
        private InetAddress localAddress;
        private SSLContext sslContext;
        private List<String> tlsCiphers = List.of();
        private boolean verifyHostname = true;
        private String userAgent = "clusteragent";
        private Duration backoffInitial = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(1);
        private Duration probeInterval = Duration.ofSeconds(1);

        private Builder() {
        }

        public Builder socketTimeout(Duration v) {
            socketTimeout = v;
            return this;
        }

        public Builder proxyUrl(String v) {
            proxyUrl = v;
            return this;
        }

        /** Local address to bind to; {@code null} lets the OS choose. */
        public Builder localAddress(InetAddress v) {
            localAddress = v;
            return this;
        }

        /** TLS context for secure proxies; {@code null} means the JVM default context. */
        public Builder sslContext(SSLContext v) {
            sslContext = v;
            return this;
        }

        public Builder tlsCiphers(List<String> v) {
            tlsCiphers = v;
            return this;
        }

        public Builder verifyHostname(boolean v) {
            verifyHostname = v;
            return this;
        }

        public Builder userAgent(String v) {
            userAgent = v;
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            backoffInitial = initial;
            backoffMax = max;
            return this;
        }

        public Builder probeInterval(Duration v) {
            probeInterval = v;
            return this;
        }

        public ProxySettings build() {
            return new ProxySettings(socketTimeout, proxyUrl, Optional.ofNullable(localAddress), sslContext,
                    tlsCiphers, verifyHostname, userAgent, backoffInitial, backoffMax, probeInterval);
        }
    }
}
