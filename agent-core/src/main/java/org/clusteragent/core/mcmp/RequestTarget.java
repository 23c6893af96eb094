package org.clusteragent.core.mcmp;

/**
 * Where an MCMP request goes: the proxy's management {@code host} and {@code port} (for the
 * {@code Host} header) and the optional {@code proxyUrl} path prefix that every request path
 * starts with. The host is stored without brackets and without an IPv6 zone id; the prefix is
 * either {@code ""} or starts with {@code /} and has no trailing {@code /} ({@code "abc/"} becomes
 * {@code "/abc"}, {@code null} and {@code "/"} become {@code ""}). Both must be printable ASCII
 * without spaces, as they go into the request line and headers verbatim. Immutable.
 */
public record RequestTarget(String host, int port, String proxyUrl) {

    public RequestTarget {
        host = McmpFields.normalizeHost(host);
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("proxy host is missing; give the proxy's management address");
        }
        headerSafe("proxy host", host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port " + port + " is not a TCP port; use 1..65535");
        }
        proxyUrl = normalizePrefix(proxyUrl);
        headerSafe("proxyUrl", proxyUrl);
    }

    /** A target without path prefix. */
    public RequestTarget(String host, int port) {
        this(host, port, "");
    }

    /** True when {@link #host()} is an IPv6 literal, which the Host header puts in brackets. */
    public boolean ipv6() {
        return host.indexOf(':') >= 0;
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && p.charAt(0) != '/') {
            p = "/" + p;
        }
        return p;
    }

    private static void headerSafe(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException(what + " \"" + value
                        + "\" contains a space, control or non-ASCII character at index " + i
                        + "; it must be usable verbatim in an HTTP request line");
            }
        }
    }
}
