package org.clusteragent.core.mcmp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.clusteragent.spi.Connector;

/**
 * {@code CONFIG}: tells a proxy where this node is ({@code host}, {@code port}, {@code type}) and,
 * optionally, how its balancer should behave. Optional settings are sent only when set, so the
 * proxy's own defaults apply otherwise. {@code host} is a name or an IP literal as the proxy must
 * reach it; IPv6 literals are kept without brackets and without zone id. Time values are in the
 * units the proxy expects: {@code flushwait} in milliseconds, the others in seconds. Immutable;
 * build one with {@link #builder(String, String, int, Connector.Type)}.
 */
public record ConfigRequest(
        String jvmRoute,
        String host,
        int port,
        String type,
        Optional<String> balancer,
        Optional<String> domain,
        boolean stickySession,
        Optional<String> stickySessionCookie,
        Optional<String> stickySessionPath,
        boolean stickySessionRemove,
        Optional<Boolean> stickySessionForce,
        OptionalInt waitWorker,
        OptionalInt maxAttempts,
        boolean flushPackets,
        OptionalInt flushWait,
        OptionalInt ping,
        OptionalInt smax,
        OptionalInt ttl,
        OptionalInt timeout,
        boolean reversed) implements McmpRequest {

    public ConfigRequest {
        McmpFields.required("JVMRoute", jvmRoute, McmpFields.JVM_ROUTE_MAX);
        host = McmpFields.normalizeHost(host);
        McmpFields.required("Host", host, McmpFields.HOST_MAX);
        if (McmpFields.isWildcard(host)) {
            throw new McmpValidationException("Host", host, "Host " + McmpFields.quote(host)
                    + " is a wildcard address the proxy cannot connect to; give the node's reachable address");
        }
        McmpFields.port("Port", port);
        McmpFields.required("Type", type, McmpFields.TYPE_MAX);
        McmpFields.optional("Balancer", orNull(balancer), McmpFields.BALANCER_MAX);
        McmpFields.optional("Domain", orNull(domain), McmpFields.DOMAIN_MAX);
        McmpFields.optional("StickySessionCookie", orNull(stickySessionCookie), McmpFields.COOKIE_MAX);
        McmpFields.optional("StickySessionPath", orNull(stickySessionPath), McmpFields.PATH_MAX);
        Objects.requireNonNull(stickySessionForce, "stickySessionForce");
        nonNegative("WaitWorker", waitWorker);
        nonNegative("Maxattempts", maxAttempts);
        nonNegative("flushwait", flushWait);
        nonNegative("ping", ping);
        nonNegative("smax", smax);
        nonNegative("ttl", ttl);
        nonNegative("Timeout", timeout);
    }

    /** Starts a CONFIG for a connector of the given type. */
    public static Builder builder(String jvmRoute, String host, int port, Connector.Type type) {
        return new Builder(jvmRoute, host, port, Objects.requireNonNull(type, "type").mcmpName());
    }

    /** Starts a CONFIG with a literal {@code Type} ({@code http}, {@code https} or {@code ajp}). */
    public static Builder builder(String jvmRoute, String host, int port, String type) {
        return new Builder(jvmRoute, host, port, type);
    }

    @Override
    public McmpCommand command() {
        return McmpCommand.CONFIG;
    }

    @Override
    public boolean nodeWide() {
        return false;
    }

    @Override
    public List<Map.Entry<String, String>> parameters() {
        List<Map.Entry<String, String>> p = new ArrayList<>(8);
        p.add(Map.entry("JVMRoute", jvmRoute));
        p.add(Map.entry("Host", host));
        p.add(Map.entry("Port", Integer.toString(port)));
        p.add(Map.entry("Type", type));
        balancer.ifPresent(v -> p.add(Map.entry("Balancer", v)));
        domain.ifPresent(v -> p.add(Map.entry("Domain", v)));
        if (!stickySession) {
            p.add(Map.entry("StickySession", "No"));
        }
        stickySessionCookie.ifPresent(v -> p.add(Map.entry("StickySessionCookie", v)));
        stickySessionPath.ifPresent(v -> p.add(Map.entry("StickySessionPath", v)));
        if (stickySessionRemove) {
            p.add(Map.entry("StickySessionRemove", "Yes"));
        }
        stickySessionForce.ifPresent(v -> p.add(Map.entry("StickySessionForce", v ? "Yes" : "No")));
        addInt(p, "WaitWorker", waitWorker);
        addInt(p, "Maxattempts", maxAttempts);
        if (flushPackets) {
            p.add(Map.entry("flushpackets", "On"));
        }
        addInt(p, "flushwait", flushWait);
        addInt(p, "ping", ping);
        addInt(p, "smax", smax);
        addInt(p, "ttl", ttl);
        addInt(p, "Timeout", timeout);
        if (reversed) {
            p.add(Map.entry("Reversed", "true"));
        }
        return Collections.unmodifiableList(p);
    }

    private static void addInt(List<Map.Entry<String, String>> p, String name, OptionalInt value) {
        if (value.isPresent()) {
            p.add(Map.entry(name, Integer.toString(value.getAsInt())));
        }
    }

    private static String orNull(Optional<String> value) {
        return Objects.requireNonNull(value, "optional value").orElse(null);
    }

    private static void nonNegative(String field, OptionalInt value) {
        if (Objects.requireNonNull(value, field).isPresent()) {
            McmpFields.nonNegative(field, value.getAsInt());
        }
    }

    /**
     * Collects the optional CONFIG settings; {@link #build()} validates everything. Not thread-safe;
     * use one builder per request.
     */
    public static final class Builder {
        private final String jvmRoute;
        private final String host;
        private final int port;
        private final String type;
        private String balancer;
        private String domain;
        private boolean stickySession = true;
        private String stickySessionCookie;
        private String stickySessionPath;
        private boolean stickySessionRemove;
        private Boolean stickySessionForce;
        private Integer waitWorker;
        private Integer maxAttempts;
        private boolean flushPackets;
        private Integer flushWait;
        private Integer ping;
        private Integer smax;
        private Integer ttl;
        private Integer timeout;
        private boolean reversed;

        private Builder(String jvmRoute, String host, int port, String type) {
            this.jvmRoute = jvmRoute;
            this.host = host;
            this.port = port;
            this.type = type;
        }

        /** {@code Balancer}: the balancer (cluster) name. */
        public Builder balancer(String name) {
            this.balancer = name;
            return this;
        }

        /** {@code Domain}: the load-balancing group. */
        public Builder domain(String name) {
            this.domain = name;
            return this;
        }

        /** {@code false} sends {@code StickySession=No}; {@code true} (the default) sends nothing. */
        public Builder stickySession(boolean sticky) {
            this.stickySession = sticky;
            return this;
        }

        /** {@code StickySessionCookie}: the session cookie name. */
        public Builder stickySessionCookie(String name) {
            this.stickySessionCookie = name;
            return this;
        }

        /** {@code StickySessionPath}: the session path parameter name. */
        public Builder stickySessionPath(String name) {
            this.stickySessionPath = name;
            return this;
        }

        /** {@code true} sends {@code StickySessionRemove=Yes}. */
        public Builder stickySessionRemove(boolean remove) {
            this.stickySessionRemove = remove;
            return this;
        }

        /** Sends {@code StickySessionForce=Yes} or {@code =No}; unset sends nothing. */
        public Builder stickySessionForce(boolean force) {
            this.stickySessionForce = force;
            return this;
        }

        /** {@code WaitWorker}: seconds to wait for a free worker. */
        public Builder waitWorker(int seconds) {
            this.waitWorker = seconds;
            return this;
        }

        /** {@code Maxattempts}: failover attempts. */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /** {@code true} sends {@code flushpackets=On}. */
        public Builder flushPackets(boolean flush) {
            this.flushPackets = flush;
            return this;
        }

        /** {@code flushwait}: milliseconds. */
        public Builder flushWait(int millis) {
            this.flushWait = millis;
            return this;
        }

        /** {@code ping}: seconds to wait for a CPING answer. */
        public Builder ping(int seconds) {
            this.ping = seconds;
            return this;
        }

        /** {@code smax}: soft maximum of idle connections. */
        public Builder smax(int connections) {
            this.smax = connections;
            return this;
        }

        /** {@code ttl}: seconds an idle connection above smax lives. */
        public Builder ttl(int seconds) {
            this.ttl = seconds;
            return this;
        }

        /** {@code Timeout}: seconds to wait for the node's answer. */
        public Builder timeout(int seconds) {
            this.timeout = seconds;
            return this;
        }

        /** {@code true} sends {@code Reversed=true} (the node connects to the proxy). */
        public Builder reversed(boolean reversed) {
            this.reversed = reversed;
            return this;
        }

        /** @throws McmpValidationException naming the first value a proxy would not accept */
        public ConfigRequest build() {
            return new ConfigRequest(jvmRoute, host, port, type, Optional.ofNullable(balancer),
                    Optional.ofNullable(domain), stickySession, Optional.ofNullable(stickySessionCookie),
                    Optional.ofNullable(stickySessionPath), stickySessionRemove,
                    Optional.ofNullable(stickySessionForce), optInt(waitWorker), optInt(maxAttempts), flushPackets,
                    optInt(flushWait), optInt(ping), optInt(smax), optInt(ttl), optInt(timeout), reversed);
        }

        private static OptionalInt optInt(Integer value) {
            return value == null ? OptionalInt.empty() : OptionalInt.of(value);
        }
    }
}
