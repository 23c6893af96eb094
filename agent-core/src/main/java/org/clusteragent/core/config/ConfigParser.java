package org.clusteragent.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.config.PropertyReader;
import org.clusteragent.spi.ProxyAddress;
import org.jboss.logging.Logger;

/**
 * Builds {@link AgentConfig} from string properties (server.xml {@code <Listener>} attributes,
 * Undertow extension properties), names as in docs/attributes.md, case-sensitive. Every bad value and
 * every unknown name is collected, and all are thrown together in one
 * {@link InvalidConfigurationException}, each naming the attribute and value and saying what to
 * write. Attributes of the mod_cluster Tomcat listener with no meaning here are accepted and
 * each gets one warning. Stateless and thread-safe.
 */
public final class ConfigParser {

    private static final Logger LOG = Logger.getLogger(ConfigParser.class);

    /** What older proxies keep of a balancer name and of a load balancing group (MCMP.md). */
    private static final int OLD_PROXY_BALANCER_LIMIT = 40;
    private static final int OLD_PROXY_DOMAIN_LIMIT = 20;
    private static final int NAME_LIMIT = 63;

    private ConfigParser() {
    }

    /** The attribute names this parser reads itself, including mod_cluster aliases. */
    public static Set<String> propertyNames() {
        Set<String> names = new LinkedHashSet<>(AttributeNames.OWN);
        names.addAll(AttributeNames.ALIASES.keySet());
        return Set.copyOf(names);
    }

    /**
     * Parses the agent core's part of {@code properties}.
     *
     * @param properties           every property given to the agent; null or blank values count as not given
     * @param namesOwnedElsewhere  names read by other modules (from the factories' {@code propertyNames()})
     * @throws InvalidConfigurationException listing every bad value and every unknown name
     */
    public static AgentConfig parse(Map<String, String> properties, Set<String> namesOwnedElsewhere) {
        PropertyReader in = new PropertyReader(properties);
        List<String> warnings = new ArrayList<>();

        boolean ssl = in.bool("ssl", false);
        List<ProxyAddress> proxies = in.string("proxyList")
                .map(value -> withEntries(in, "proxyList", value,
                        problems -> ProxyListParser.parseList(value, ssl, problems)))
                .orElse(List.of());
        String proxyUrl = proxyUrl(in);
        int socketTimeout = in.wholeNumber("socketTimeout", 20000, Ranges.SOCKET_TIMEOUT_MIN_MS,
                Ranges.SOCKET_TIMEOUT_MAX_MS, "a whole number of milliseconds in " + Ranges.SOCKET_TIMEOUT_MIN_MS
                        + ".." + Ranges.SOCKET_TIMEOUT_MAX_MS + " such as 20000");
        Optional<String> localAddress = address(in, "localAddress", "a local address such as 10.0.0.5");
        TlsSettings tls = tls(in, ssl);

        ContextExclusions excluded = in.string("excludedContexts")
                .map(value -> withEntries(in, "excludedContexts", value,
                        problems -> ContextExclusions.parse(value, problems)))
                .orElse(ContextExclusions.none());
        boolean autoEnable = in.bool("autoEnableContexts", true);
        DrainSettings drain = drain(in);

        NodeSettings node = node(in, properties, warnings);
        ConnectorSelection connector = connector(in);
        Optional<String> jvmRoute = label(in, "jvmRoute");
        Duration statusInterval = statusInterval(in);
        int repairInterval = in.wholeNumber("repairInterval", 6, 0, Ranges.TICKS_MAX,
                "a whole number of status periods in 1.." + Ranges.TICKS_MAX + " such as 6, or 0 to turn drift checks off");
        OptionalInt processStatusFrequency = in.optionalWholeNumber("processStatusFrequency", 1, Ranges.TICKS_MAX,
                "a whole number of container background ticks in 1.." + Ranges.TICKS_MAX + " such as 1");
        Duration probeInterval = probeInterval(in);
        Duration proxyResolveInterval = seconds(in, "proxyResolveInterval", Duration.ofSeconds(30), false,
                Ranges.PERIOD_MIN, Duration.ofDays(1), "a number of seconds in 0.1..86400 such as 30 or 0.5");
        AgentCheckSettings agentCheck = new AgentCheckSettings(
                in.optionalWholeNumber("agentCheckPort", 1, 65535, "a TCP port such as 9666 (1..65535)"),
                address(in, "agentCheckAddress", "a local address such as 10.0.0.5, or leave it out for the "
                        + "connector's address"));
        if (agentCheck.address().isPresent() && !agentCheck.enabled()) {
            warnings.add("CLAG2503: agentCheckAddress=" + agentCheck.address().get() + " is not used because "
                    + "agentCheckPort is not set: set agentCheckPort to answer HAProxy agent checks");
        }
        if (processStatusFrequency.isPresent() && in.isSet("statusInterval")) {
            warnings.add("CLAG3005: statusInterval is not used because processStatusFrequency is set: STATUS follows "
                    + "the container's background ticks; remove one of the two");
        }

        NameChecker.check(properties, namesOwnedElsewhere, in, warnings);
        for (String warning : warnings) {
            LOG.warn(warning);
        }
        if (!in.problems().isEmpty()) {
            throw new InvalidConfigurationException(in.problems());
        }
        return new AgentConfig(proxies, proxyUrl, Duration.ofMillis(socketTimeout), localAddress, tls, excluded,
                autoEnable, drain, node, connector, jvmRoute, statusInterval, repairInterval,
                processStatusFrequency, probeInterval, proxyResolveInterval, agentCheck, warnings);
    }

    /** Runs a list parser, prefixing each of its entry problems with the attribute and whole value. */
    private static <T> T withEntries(PropertyReader in, String name, String value,
                                     Function<List<String>, T> parser) {
        List<String> problems = new ArrayList<>();
        T result = parser.apply(problems);
        problems.forEach(problem -> in.problem(name, value, problem));
        return result;
    }

    private static String proxyUrl(PropertyReader in) {
        Optional<String> value = in.string("proxyURL");
        if (value.isEmpty()) {
            return "";
        }
        String url = value.get();
        if (url.contains("://")) {
            in.problem("proxyURL", url, "a path prefix such as /cluster is expected, not a URL; "
                    + "put the proxy's host:port in proxyList");
            return "";
        }
        if (url.chars().anyMatch(c -> Character.isWhitespace(c) || c == '?' || c == '#' || c < 0x20)) {
            in.problem("proxyURL", url, "not a path; use a path prefix such as /cluster");
            return "";
        }
        String path = url.startsWith("/") ? url : "/" + url;
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    /** A host name or IP literal (IPv6 brackets removed), or empty when absent or bad. */
    private static Optional<String> address(PropertyReader in, String name, String usage) {
        Optional<String> value = in.string(name);
        if (value.isPresent() && !ProxyListParser.isHostOrAddress(value.get())) {
            in.problem(name, value.get(), "not a host name or IP address; use " + usage);
            return Optional.empty();
        }
        return value.map(v -> v.startsWith("[") ? v.substring(1, v.length() - 1) : v);
    }

    private static TlsSettings tls(PropertyReader in, boolean ssl) {
        TlsSettings.Builder b = TlsSettings.builder().enabled(ssl);
        in.string("sslProtocol").ifPresent(b::protocol);
        in.string("sslCiphers").ifPresent(v -> b.cipherSuites(
                Arrays.stream(v.split("[,\\s]+")).filter(suite -> !suite.isEmpty()).toList()));
        in.string("sslKeyStore").ifPresent(b::keyStore);
        in.string("sslKeyStorePassword").ifPresent(b::keyStorePassword);
        in.string("sslKeyStoreType").ifPresent(b::keyStoreType);
        in.string("sslKeyStoreProvider").ifPresent(b::keyStoreProvider);
        in.string("sslKeyAlias").ifPresent(b::keyAlias);
        in.string("sslTrustStore").ifPresent(b::trustStore);
        in.string("sslTrustStorePassword").ifPresent(b::trustStorePassword);
        in.string("sslTrustStoreType").ifPresent(b::trustStoreType);
        in.string("sslTrustStoreProvider").ifPresent(b::trustStoreProvider);
        in.string("sslCrlFile").ifPresent(b::crlFile);
        in.string("sslCertificateEncodingAlgorithm").ifPresent(b::keyManagerAlgorithm);
        in.string("sslTrustAlgorithm").ifPresent(b::trustManagerAlgorithm);
        b.maxCertPathLength(in.wholeNumber("sslTrustMaxCertLength", 5, 0, 100,
                "a whole number of certificates in 0..100 such as 5"));
        return b.build();
    }

    private static DrainSettings drain(PropertyReader in) {
        long timeout = in.wholeNumber("stopContextTimeout", 10L, -1, Long.MAX_VALUE,
                "a whole number such as 10 (unit: stopContextTimeoutUnit, default SECONDS), at most one day,"
                        + " or 0 (or -1) for no bound");
        TimeUnit unit = in.enumValue("stopContextTimeoutUnit", TimeUnit.class, TimeUnit.SECONDS, "a time unit");
        SessionDrainingStrategy strategy = in.enumValue("sessionDrainingStrategy", SessionDrainingStrategy.class,
                SessionDrainingStrategy.DEFAULT, "a session draining strategy");
        DrainSettings drain = new DrainSettings(timeout, unit, strategy);
        boolean tooLong;
        try {
            tooLong = drain.timeout().filter(t -> t.compareTo(Ranges.STOP_CONTEXT_TIMEOUT_MAX) > 0).isPresent();
        } catch (ArithmeticException e) {
            tooLong = true;
        }
        if (tooLong) {
            in.problem("stopContextTimeout", Long.toString(timeout), "too long in " + unit
                    + "; use at most one day (86400 SECONDS), or 0 for no bound");
            return new DrainSettings(DrainSettings.DEFAULT.stopContextTimeout(), unit, strategy);
        }
        return drain;
    }

    private static NodeSettings node(PropertyReader in, Map<String, String> properties, List<String> warnings) {
        Optional<String> balancer = label(in, "balancer");
        Optional<String> group = label(in, "loadBalancingGroup");
        Optional<String> domain = label(in, "domain");
        if (domain.isPresent()) {
            if (group.isPresent() && !group.equals(domain)) {
                in.problem("domain", domain.get(), "is mod_cluster's older name for loadBalancingGroup, which is set to \""
                        + group.get() + "\"; keep only loadBalancingGroup");
            } else {
                LOG.infof("CLAG3003: domain=\"%s\" is mod_cluster's older name for loadBalancingGroup; using it as such",
                        domain.get());
                group = domain;
            }
        }
        warnIfLongerThan(warnings, "balancer", balancer, OLD_PROXY_BALANCER_LIMIT);
        warnIfLongerThan(warnings, "loadBalancingGroup", group, OLD_PROXY_DOMAIN_LIMIT);
        String orUnset = ", or -1 to leave the proxy's default";
        return new NodeSettings(balancer, group,
                in.bool("stickySession", true),
                in.bool("stickySessionRemove", false),
                in.bool("stickySessionForce", false),
                unsetOr(in, "workerTimeout", Ranges.DAY_SECONDS, "a whole number of seconds such as 10", orUnset),
                unsetOr(in, "maxAttempts", Ranges.MAX_ATTEMPTS, "a whole number such as 3", orUnset),
                in.bool("flushPackets", false),
                unsetOr(in, "flushWait", Ranges.FLUSH_WAIT_MAX_MS, "a whole number of milliseconds such as 10", orUnset),
                unsetOr(in, "ping", Ranges.HOUR_SECONDS, "a whole number of seconds such as 10", orUnset),
                unsetOr(in, "smax", Ranges.SMAX, "a whole number such as 20", orUnset),
                unsetOr(in, "ttl", Ranges.DAY_SECONDS, "a whole number of seconds such as 60", orUnset),
                unsetOr(in, "nodeTimeout", Ranges.DAY_SECONDS, "a whole number of seconds such as 60", orUnset));
    }

    private static void warnIfLongerThan(List<String> warnings, String name, Optional<String> value, int limit) {
        value.filter(v -> v.length() > limit).ifPresent(v -> warnings.add("CLAG3004: " + name + "=\"" + v
                + "\" is longer than " + limit + " characters, which older proxies cut silently"));
    }

    private static int unsetOr(PropertyReader in, String name, int max, String usage, String orUnset) {
        return in.wholeNumber(name, NodeSettings.UNSET, NodeSettings.UNSET, max, usage + " (at most " + max + ")"
                + orUnset);
    }

    /** A name sent to proxies: no white space or control characters, at most 63 characters. */
    private static Optional<String> label(PropertyReader in, String name) {
        Optional<String> value = in.string(name);
        if (value.isEmpty()) {
            return value;
        }
        String v = value.get();
        if (v.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            in.problem(name, v, "contains white space; use a name without spaces such as node1");
            return Optional.empty();
        }
        if (v.length() > NAME_LIMIT) {
            in.problem(name, v, "longer than " + NAME_LIMIT + " characters, which proxies cut; use a shorter name");
            return Optional.empty();
        }
        return value;
    }

    private static ConnectorSelection connector(PropertyReader in) {
        String portUsage = "a port number in 1..65535 such as 8080";
        OptionalInt port = in.optionalWholeNumber("connectorPort", 1, 65535, portUsage);
        Optional<String> address = address(in, "connectorAddress", "the address a connector is bound to, such as 10.0.0.5");
        Optional<String> external = address(in, "externalConnectorAddress",
                "the address proxies must use to reach this node, such as 203.0.113.7");
        if (external.filter(ConfigParser::isWildcard).isPresent()) {
            in.problem("externalConnectorAddress", external.get(), "a wildcard address cannot be reached by a proxy; "
                    + "use the address proxies must use to reach this node");
            external = Optional.empty();
        }
        OptionalInt externalPort = in.optionalWholeNumber("externalConnectorPort", 1, 65535, portUsage);
        return new ConnectorSelection(port, address, external, externalPort);
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.replace("0", "").replace(":", "").isEmpty();
    }

    private static Duration statusInterval(PropertyReader in) {
        return seconds(in, "statusInterval", Duration.ofSeconds(10), false, Ranges.PERIOD_MIN, Ranges.PERIOD_MAX,
                "a number of seconds in 0.1..3600 such as 10 or 0.5");
    }

    /** Named PINGs cost one request per node and proxy each period, and one connector check at httpd. */
    private static Duration probeInterval(PropertyReader in) {
        return seconds(in, "probeInterval", Duration.ofSeconds(1), true, Ranges.PERIOD_MIN, Ranges.PERIOD_MAX,
                "a number of seconds in 0.1..3600 such as 1 or 0.5, or 0 to turn the idle probe off");
    }

    /** Seconds in {@code min..max} (or 0 when allowed). */
    private static Duration seconds(PropertyReader in, String name, Duration defaultValue, boolean zeroAllowed,
                                    Duration min, Duration max, String usage) {
        Optional<BigDecimal> seconds = in.decimal(name, usage);
        if (seconds.isEmpty()) {
            return defaultValue;
        }
        BigDecimal value = seconds.get();
        if (zeroAllowed && value.signum() == 0) {
            return Duration.ZERO;
        }
        BigDecimal nanos = value.movePointRight(9);
        if (nanos.compareTo(BigDecimal.valueOf(max.toNanos())) > 0
                || nanos.compareTo(BigDecimal.valueOf(min.toNanos())) < 0) {
            in.problem(name, value.toPlainString(), "out of range; use " + usage);
            return defaultValue;
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
