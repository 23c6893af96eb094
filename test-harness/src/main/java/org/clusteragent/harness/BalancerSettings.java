package org.clusteragent.harness;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How an {@link UndertowBalancer} runs. Immutable; built by {@link UndertowBalancer#builder()}.
 *
 * @param host                address both listeners bind and advertise (loopback by default: the
 *                            balancer is for tests and the local demo, never for a network)
 * @param mcmpPort            MCMP (management) port; 0 takes a free one
 * @param proxyPort           proxy port for client requests; 0 takes a free one
 * @param healthCheckInterval how often Undertow health-checks nodes in error (its default is 10 s;
 *                            ours is 500 ms so tests see recovery quickly); positive
 * @param removeBrokenNodes   how long a node may stay broken before Undertow drops it; positive
 * @param maxRetries          how many other nodes Undertow tries when a node fails a request (its default 0)
 * @param ioThreads           XNIO I/O threads of the balancer's worker
 * @param advertise           where to advertise, if at all
 */
public record BalancerSettings(String host, int mcmpPort, int proxyPort, Duration healthCheckInterval,
                               Duration removeBrokenNodes, int maxRetries, int ioThreads,
                               Optional<Advertise> advertise) {

    /**
     * Advertise datagrams: sent to {@code group:port} from the balancer's host every {@code frequency},
     * signed with {@code securityKey} ({@code null} for none).
     */
    public record Advertise(String group, int port, String securityKey, Duration frequency) {
        public Advertise {
            Objects.requireNonNull(group, "group");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("advertise port=" + port + ": must be 1..65535");
            }
            if (frequency.toMillis() < 1) {
                throw new IllegalArgumentException("advertise frequency=" + frequency + ": must be at least 1 ms");
            }
        }
    }

    public BalancerSettings {
        Objects.requireNonNull(host, "host");
        checkPort("mcmpPort", mcmpPort);
        checkPort("proxyPort", proxyPort);
        if (mcmpPort != 0 && mcmpPort == proxyPort) {
            throw new IllegalArgumentException("mcmpPort and proxyPort are both " + mcmpPort
                    + ": give them different ports (or 0 for free ones)");
        }
        if (healthCheckInterval.toMillis() < 1) {
            throw new IllegalArgumentException("healthCheckInterval=" + healthCheckInterval + ": must be at least 1 ms");
        }
        if (removeBrokenNodes.toMillis() < 1) {
            throw new IllegalArgumentException("removeBrokenNodes=" + removeBrokenNodes + ": must be at least 1 ms");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries=" + maxRetries + ": must be 0 or more");
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads=" + ioThreads + ": must be at least 1");
        }
        Objects.requireNonNull(advertise, "advertise");
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + "=" + port + ": must be 0 (a free port) or 1..65535");
        }
    }

    /** Mutable builder; not thread-safe. {@link #build()} makes the balancer, not yet started. */
    public static final class Builder {
        private final Function<BalancerSettings, UndertowBalancer> factory;
        private String host = "127.0.0.1";
        private int mcmpPort;
        private int proxyPort;
        private Duration healthCheckInterval = Duration.ofMillis(500);
        private Duration removeBrokenNodes = Duration.ofSeconds(10);
        private int maxRetries;
        private int ioThreads = 2;
        private Advertise advertise;

        Builder(Function<BalancerSettings, UndertowBalancer> factory) {
            this.factory = factory;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder mcmpPort(int v) {
            mcmpPort = v;
            return this;
        }

        public Builder proxyPort(int v) {
            proxyPort = v;
            return this;
        }

        public Builder healthCheckInterval(Duration v) {
            healthCheckInterval = v;
            return this;
        }

        public Builder removeBrokenNodes(Duration v) {
            removeBrokenNodes = v;
            return this;
        }

        public Builder maxRetries(int v) {
            maxRetries = v;
            return this;
        }

        public Builder ioThreads(int v) {
            ioThreads = v;
            return this;
        }

        /** Advertise to {@code group:port} every {@code frequency}, signed with {@code securityKey} (may be null). */
        public Builder advertise(String group, int port, String securityKey, Duration frequency) {
            advertise = new Advertise(group, port, securityKey, frequency);
            return this;
        }

        public BalancerSettings settings() {
            return new BalancerSettings(host, mcmpPort, proxyPort, healthCheckInterval, removeBrokenNodes,
                    maxRetries, ioThreads, Optional.ofNullable(advertise));
        }

        /** The balancer, not started. */
        public UndertowBalancer build() {
            return factory.apply(settings());
        }

        /** Builds and starts the balancer. */
        public UndertowBalancer start() {
            return build().start();
        }
    }
}
