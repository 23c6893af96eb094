package org.clusteragent.advertise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.config.PropertyReader;

/**
 * The advertise listener's configuration, validated. Immutable. Build it with {@link #parse},
 * which reads the agent's string properties and reports every bad value at once.
 *
 * @param group            multicast group and port to listen on
 * @param interfaceAddress address of the interface to join on, or {@code null}
 * @param interfaceName    name of the interface to join on, or {@code null} (at most one of the two)
 * @param securityKey      shared key, or {@code null} for none (the zero salt is then checked)
 * @param timeout          a proxy not heard for this long is lost; {@code null} means
 *                         6 × its observed interval, at least 60 s
 * @param maxClockSkew     a Date further than this from our clock is dropped
 */
public record AdvertiseSettings(InetSocketAddress group, InetAddress interfaceAddress,
        String interfaceName, String securityKey, Duration timeout, Duration maxClockSkew) {

    public static final String ADVERTISE = "advertise";
    public static final String GROUP_ADDRESS = "advertiseGroupAddress";
    public static final String PORT = "advertisePort";
    public static final String INTERFACE = "advertiseInterface";
    public static final String INTERFACE_NAME = "advertiseInterfaceName";
    public static final String SECURITY_KEY = "advertiseSecurityKey";
    public static final String TIMEOUT = "advertiseTimeout";
    public static final String MAX_CLOCK_SKEW = "advertiseMaxClockSkew";
    /** Read only to decide the default of {@link #ADVERTISE}; owned by the core agent. */
    public static final String PROXY_LIST = "proxyList";

    /** Every property this listener owns. */
    public static final Set<String> PROPERTY_NAMES = Set.of(ADVERTISE, GROUP_ADDRESS, PORT, INTERFACE,
            INTERFACE_NAME, SECURITY_KEY, TIMEOUT, MAX_CLOCK_SKEW);

    public static final String DEFAULT_GROUP = "224.0.1.105";
    public static final int DEFAULT_PORT = 23364;
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Upper bound of advertiseSilentTimeout and advertiseMaxClockSkew: one day. */
    static final int MAX_SECONDS = 86_400;

    /**
     * Reads the properties; empty when advertise is off (explicitly, or by default because a
     * proxyList is set).
     *
     * @throws InvalidConfigurationException naming every bad property and its value
     */
    public static Optional<AdvertiseSettings> parse(Map<String, String> props) {
        PropertyReader in = new PropertyReader(props);
        boolean on = in.optionalBool(ADVERTISE).orElse(!in.isSet(PROXY_LIST));
        InetAddress group = parseGroup(in);
        int port = in.wholeNumber(PORT, DEFAULT_PORT, 1, 65535, "a UDP port in 1..65535 such as " + DEFAULT_PORT);
        String ifName = in.string(INTERFACE_NAME).orElse(null);
        InetAddress ifAddress = parseInterfaceAddress(in);
        if (ifName != null && in.isSet(INTERFACE)) {
            in.problem(INTERFACE, in.string(INTERFACE, ""), "set together with " + INTERFACE_NAME + "=\"" + ifName
                    + "\"; set only one of them");
        }
        String key = props.get(SECURITY_KEY); // not trimmed: every character of a key counts
        key = key == null || key.isEmpty() ? null : key;
        int timeout = in.wholeNumber(TIMEOUT, 0, 1, MAX_SECONDS,
                "a whole number of seconds in 1.." + MAX_SECONDS + " such as 30");
        int skew = in.wholeNumber(MAX_CLOCK_SKEW, (int) DEFAULT_MAX_CLOCK_SKEW.toSeconds(), 1, MAX_SECONDS,
                "a whole number of seconds in 1.." + MAX_SECONDS + " such as 300");
        if (on && in.problems().isEmpty()) {
            // Only look at the machine's interfaces when we will actually use them.
            checkInterfaceExists(ifAddress, ifName, in);
        }
        if (!in.problems().isEmpty()) {
            throw new InvalidConfigurationException(in.problems());
        }
        if (!on) {
            return Optional.empty();
        }
        return Optional.of(new AdvertiseSettings(new InetSocketAddress(group, port), ifAddress, ifName,
                key, timeout == 0 ? null : Duration.ofSeconds(timeout), Duration.ofSeconds(skew)));
    }

    private static InetAddress parseGroup(PropertyReader in) {
        String value = in.string(GROUP_ADDRESS).orElse(null);
        InetAddress group = literal(value == null ? DEFAULT_GROUP : value);
        if (group == null || !group.isMulticastAddress()) {
            in.problem(GROUP_ADDRESS, value, "not a multicast IP address; use one in 224.0.0.0/4 or ff00::/8"
                    + " such as " + DEFAULT_GROUP);
            return null;
        }
        return group;
    }

    private static InetAddress parseInterfaceAddress(PropertyReader in) {
        String value = in.string(INTERFACE).orElse(null);
        if (value == null) {
            return null;
        }
        InetAddress address = literal(value);
        if (address == null) {
            in.problem(INTERFACE, value, "not an IP address; use the address of a local interface such as"
                    + " 127.0.0.1, or " + INTERFACE_NAME + " for a name such as eth0");
        }
        return address;
    }

    private static void checkInterfaceExists(InetAddress address, String name, PropertyReader in) {
        try {
            if (address != null && NetworkInterface.getByInetAddress(address) == null) {
                in.problem(INTERFACE, address.getHostAddress(), "not the address of any interface of this machine;"
                        + " use one that ip addr lists");
            }
            if (name != null && NetworkInterface.getByName(name) == null) {
                in.problem(INTERFACE_NAME, name, "not an interface of this machine; use one that ip link lists");
            }
        } catch (SocketException e) {
            in.problem(INTERFACE_NAME, String.valueOf(name), "cannot list the network interfaces to check it ("
                    + e.getMessage() + ")");
        }
    }

    /** An IP literal, never a DNS lookup (configuration must not hang on a resolver). */
    private static InetAddress literal(String value) {
        String v = value.startsWith("[") && value.endsWith("]")
                ? value.substring(1, value.length() - 1) : value;
        boolean v4 = isDottedQuad(v);
        boolean v6 = v.indexOf(':') >= 0;
        if (!v4 && !v6) {
            return null;
        }
        try {
            // A dotted quad or anything with a colon is parsed as a literal, never looked up.
            return InetAddress.getByName(v);
        } catch (java.net.UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static boolean isDottedQuad(String v) {
        String[] parts = v.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
