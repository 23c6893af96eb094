package org.clusteragent.advertise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.clusteragent.spi.InvalidConfigurationException;

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

    /**
     * Reads the properties; empty when advertise is off (explicitly, or by default because a
     * proxyList is set).
     *
     * @throws InvalidConfigurationException naming every bad property and its value
     */
    public static Optional<AdvertiseSettings> parse(Map<String, String> props) {
        List<String> problems = new ArrayList<>();
        boolean on = parseEnabled(props, problems);
        InetAddress group = parseGroup(props, problems);
        int port = parseInt(props, PORT, DEFAULT_PORT, 1, 65535, problems);
        String ifName = blankToNull(props.get(INTERFACE_NAME));
        InetAddress ifAddress = parseInterfaceAddress(props, problems);
        if (ifName != null && blankToNull(props.get(INTERFACE)) != null) {
            problems.add(INTERFACE + "=" + props.get(INTERFACE) + " and " + INTERFACE_NAME + "="
                    + ifName + " are both set: set only one of them");
        }
        String key = props.get(SECURITY_KEY);
        key = key == null || key.isEmpty() ? null : key;
        int timeout = parseInt(props, TIMEOUT, 0, 1, Integer.MAX_VALUE, problems);
        int skew = parseInt(props, MAX_CLOCK_SKEW, (int) DEFAULT_MAX_CLOCK_SKEW.toSeconds(), 1,
                Integer.MAX_VALUE, problems);
        if (on && problems.isEmpty()) {
            // Only look at the machine's interfaces when we will actually use them.
            checkInterfaceExists(ifAddress, ifName, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        if (!on) {
            return Optional.empty();
        }
        return Optional.of(new AdvertiseSettings(new InetSocketAddress(group, port), ifAddress, ifName,
                key, timeout == 0 ? null : Duration.ofSeconds(timeout), Duration.ofSeconds(skew)));
    }

    private static boolean parseEnabled(Map<String, String> props, List<String> problems) {
        String value = blankToNull(props.get(ADVERTISE));
        if (value == null) {
            return blankToNull(props.get(PROXY_LIST)) == null;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (!value.equalsIgnoreCase("false")) {
            problems.add(ADVERTISE + "=" + value + " is not true or false");
        }
        return false;
    }

    private static InetAddress parseGroup(Map<String, String> props, List<String> problems) {
        String value = blankToNull(props.get(GROUP_ADDRESS));
        InetAddress group = literal(value == null ? DEFAULT_GROUP : value);
        if (group == null || !group.isMulticastAddress()) {
            problems.add(GROUP_ADDRESS + "=" + value
                    + " is not a multicast IP address (IPv4 224.0.0.0/4 or IPv6 ff00::/8), e.g. "
                    + DEFAULT_GROUP);
            return null;
        }
        return group;
    }

    private static InetAddress parseInterfaceAddress(Map<String, String> props, List<String> problems) {
        String value = blankToNull(props.get(INTERFACE));
        if (value == null) {
            return null;
        }
        InetAddress address = literal(value);
        if (address == null) {
            problems.add(INTERFACE + "=" + value
                    + " is not an IP address; give the address of a local interface, e.g. 127.0.0.1,"
                    + " or use " + INTERFACE_NAME + " for a name such as eth0");
        }
        return address;
    }

    private static void checkInterfaceExists(InetAddress address, String name, List<String> problems) {
        try {
            if (address != null && NetworkInterface.getByInetAddress(address) == null) {
                problems.add(INTERFACE + "=" + address.getHostAddress()
                        + " is not the address of any interface of this machine");
            }
            if (name != null && NetworkInterface.getByName(name) == null) {
                problems.add(INTERFACE_NAME + "=" + name + " is not an interface of this machine");
            }
        } catch (SocketException e) {
            problems.add("cannot list network interfaces to check " + INTERFACE + "/" + INTERFACE_NAME
                    + ": " + e.getMessage());
        }
    }

    private static int parseInt(Map<String, String> props, String name, int dflt, int min, int max,
            List<String> problems) {
        String value = blankToNull(props.get(name));
        if (value == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + "=" + value + " is not a whole number in " + min + ".." + max
                + (name.equals(TIMEOUT) || name.equals(MAX_CLOCK_SKEW) ? " (seconds)" : ""));
        return dflt;
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
