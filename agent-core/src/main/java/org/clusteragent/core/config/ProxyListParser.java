package org.clusteragent.core.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.clusteragent.spi.ProxyAddress;

/**
 * Parses proxy addresses as users write them: {@code host:port}, {@code host} (port
 * {@value #DEFAULT_PORT}), {@code [v6]:port}, {@code [v6]}, or a bare IPv6 literal such as
 * {@code ::1} (no port possible then, as in mod_cluster). Lists separate entries with commas
 * and/or white space; empty entries are skipped and duplicates dropped, keeping the first. Nothing
 * is resolved: host names stay names. Stateless and thread-safe; used for {@code proxyList} and
 * for proxies added at run time (advertise, management operations).
 */
public final class ProxyListParser {

    /** The port assumed when an entry has none (mod_cluster's historical default). */
    public static final int DEFAULT_PORT = 8000;

    private static final String USAGE = "write host:port, [IPv6]:port or host (port " + DEFAULT_PORT + ")";

    private ProxyListParser() {
    }

    /**
     * Parses one address.
     *
     * @param hostPort the address, e.g. {@code proxy1:6666} or {@code [::1]:6666}
     * @param secure   whether the proxy is reached over TLS
     * @throws IllegalArgumentException saying what is wrong with the value and how to write it
     */
    public static ProxyAddress parseAddress(String hostPort, boolean secure) {
        if (hostPort == null || hostPort.isBlank()) {
            throw new IllegalArgumentException("empty proxy address; " + USAGE);
        }
        String problem = problemOf(hostPort.trim());
        if (problem != null) {
            throw new IllegalArgumentException("\"" + hostPort.trim() + "\": " + problem);
        }
        return toAddress(hostPort.trim(), secure);
    }

    /**
     * Parses a whole list.
     *
     * @throws IllegalArgumentException naming every bad entry
     */
    public static List<ProxyAddress> parseList(String list, boolean secure) {
        List<String> problems = new ArrayList<>();
        List<ProxyAddress> result = parseList(list, secure, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return result;
    }

    /** Parses a list, adding one message per bad entry (naming the entry) to {@code problems}. */
    static List<ProxyAddress> parseList(String list, boolean secure, List<String> problems) {
        Set<ProxyAddress> result = new LinkedHashSet<>();
        if (list == null) {
            return List.of();
        }
        for (String entry : list.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            String problem = problemOf(entry);
            if (problem == null) {
                result.add(toAddress(entry, secure));
            } else {
                problems.add("entry \"" + entry + "\": " + problem);
            }
        }
        return List.copyOf(result);
    }

    /** Null when {@code entry} (trimmed, non-empty) is a valid address, else why not. */
    private static String problemOf(String entry) {
        if (entry.contains("://")) {
            return "no scheme allowed; " + USAGE + " (TLS is chosen by the ssl attribute)";
        }
        if (entry.indexOf('/') >= 0) {
            return "no path allowed (put a path prefix in proxyURL); " + USAGE;
        }
        String[] hostAndPort = split(entry);
        if (hostAndPort == null) {
            return "unbalanced brackets; " + USAGE;
        }
        String host = hostAndPort[0];
        String port = hostAndPort[1];
        boolean ipv6 = host.indexOf(':') >= 0;
        if (host.isEmpty()) {
            return "no host; " + USAGE;
        }
        if (ipv6 ? !isIpv6Literal(host) : !isHostName(host)) {
            return "\"" + host + "\" is not a host name or IP address; " + USAGE;
        }
        if (port != null) {
            return portProblem(port);
        }
        return null;
    }

    private static String portProblem(String port) {
        if (port.isEmpty() || !port.chars().allMatch(Character::isDigit) || port.length() > 5) {
            return "port \"" + port + "\" is not a number in 1..65535; " + USAGE;
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            return "port " + value + " is not in 1..65535; " + USAGE;
        }
        return null;
    }

    /** {host, port-or-null}, IPv6 without brackets; null when brackets do not match. */
    private static String[] split(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || entry.indexOf('[', 1) >= 0 || entry.indexOf(']', close + 1) >= 0) {
                return null;
            }
            String host = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (rest.isEmpty()) {
                return new String[] {host, null};
            }
            if (!rest.startsWith(":")) {
                return null;
            }
            return new String[] {host, rest.substring(1)};
        }
        if (entry.indexOf('[') >= 0 || entry.indexOf(']') >= 0) {
            return null;
        }
        int first = entry.indexOf(':');
        if (first < 0) {
            return new String[] {entry, null};
        }
        if (first != entry.lastIndexOf(':')) {
            // Several colons and no brackets: a bare IPv6 literal, which cannot carry a port.
            return new String[] {entry, null};
        }
        return new String[] {entry.substring(0, first), entry.substring(first + 1)};
    }

    private static ProxyAddress toAddress(String entry, boolean secure) {
        String[] hostAndPort = split(entry);
        int port = hostAndPort[1] == null ? DEFAULT_PORT : Integer.parseInt(hostAndPort[1]);
        return new ProxyAddress(hostAndPort[0], port, secure);
    }

    /** Letters, digits, dots, hyphens and underscores: a DNS name or an IPv4 literal. */
    static boolean isHostName(String host) {
        if (host.isEmpty() || host.length() > 253 || host.startsWith(".") || host.startsWith("-")) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Hex digits, colons and dots (embedded IPv4), with an optional {@code %zone}. */
    static boolean isIpv6Literal(String host) {
        int percent = host.indexOf('%');
        String address = percent < 0 ? host : host.substring(0, percent);
        if (percent >= 0 && !isHostName(host.substring(percent + 1))) {
            return false;
        }
        if (address.chars().filter(c -> c == ':').count() < 2 || address.contains(":::")) {
            return false;
        }
        int compressed = address.indexOf("::");
        if (compressed >= 0 && address.indexOf("::", compressed + 1) >= 0) {
            return false; // "::" may stand for zero groups only once
        }
        if ((address.startsWith(":") && !address.startsWith("::")) || (address.endsWith(":") && !address.endsWith("::"))) {
            return false;
        }
        String[] parts = address.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue; // only around the one "::", checked above
            }
            if (i == parts.length - 1 && part.indexOf('.') >= 0) {
                if (!part.matches("(\\d{1,3})(\\.\\d{1,3}){3}")) {
                    return false;
                }
                groups += 2; // an embedded IPv4 address fills two groups
                continue;
            }
            if (part.length() > 4 || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
            groups++;
        }
        return compressed >= 0 ? groups <= 7 : groups == 8;
    }

    /** True for a host name, IPv4 literal or IPv6 literal (brackets optional). */
    static boolean isHostOrAddress(String value) {
        if (value.startsWith("[") && value.endsWith("]")) {
            return isIpv6Literal(value.substring(1, value.length() - 1));
        }
        return value.indexOf(':') >= 0 ? isIpv6Literal(value) : isHostName(value);
    }
}
