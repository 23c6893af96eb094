package org.clusteragent.core.mcmp;

/**
 * The proxies' field limits and the checks every request value goes through. The limits are the
 * httpd mod_proxy_cluster table sizes minus the terminating NUL (the proxy rejects
 * {@code strlen(value) >= sizeof(field)}); Undertow has no such limits, so httpd's are the binding
 * ones. Lengths are counted in UTF-8 bytes because that is what the proxy stores.
 */
final class McmpFields {

    static final int JVM_ROUTE_MAX = 63;
    static final int HOST_MAX = 63;
    static final int PORT_MAX_CHARS = 6;
    static final int TYPE_MAX = 15;
    static final int ALIAS_MAX = 254;
    static final int CONTEXT_MAX = 79;
    static final int BALANCER_MAX = 39;
    static final int DOMAIN_MAX = 19;
    static final int COOKIE_MAX = 29;
    static final int PATH_MAX = 29;

    /** How much of a rejected value an error message quotes. */
    private static final int QUOTE_MAX = 40;

    private McmpFields() {
    }

    /** A value the proxy needs: present, not empty, printable, at most {@code max} bytes. */
    static String required(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw new McmpValidationException(field, value,
                    field + " is " + (value == null ? "missing" : "empty") + "; proxies need a value");
        }
        return checked(field, value, max);
    }

    /** An optional value: {@code null} passes; anything else must be printable and short enough. */
    static String optional(String field, String value, int max) {
        return value == null ? null : checked(field, value, max);
    }

    static String checked(String field, String value, int max) {
        printable(field, value);
        int bytes = utf8Length(value);
        if (bytes > max) {
            String unit = bytes == value.length() ? " characters" : " bytes in UTF-8";
            throw new McmpValidationException(field, value, field + " " + quote(value) + " is " + bytes + unit
                    + "; proxies accept at most " + max + ". Use a shorter value");
        }
        return value;
    }

    static int port(String field, int port) {
        if (port < 1 || port > 65535) {
            throw new McmpValidationException(field, Integer.toString(port),
                    field + " " + port + " is not a TCP port; use 1..65535");
        }
        return port;
    }

    static int nonNegative(String field, int value) {
        if (value < 0) {
            throw new McmpValidationException(field, Integer.toString(value),
                    field + " " + value + " is negative; use 0 or more");
        }
        return value;
    }

    /** Rejects control characters (they would break the proxy's parsing) and broken surrogates. */
    static void printable(String field, String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new McmpValidationException(field, value, field + " " + quote(value)
                        + " contains the control character U+" + hex4(c) + " at index " + i + "; remove it");
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new McmpValidationException(field, value, field + " " + quote(value)
                        + " contains an unpaired surrogate at index " + i + "; it cannot be encoded as UTF-8");
            }
        }
    }

    /**
     * A host as the proxy must see it: an IPv6 literal loses its brackets and its zone id (the
     * zone means nothing on the proxy's machine).
     */
    static String normalizeHost(String host) {
        if (host == null) {
            return null;
        }
        String h = host;
        if (h.length() >= 2 && h.charAt(0) == '[' && h.charAt(h.length() - 1) == ']') {
            h = h.substring(1, h.length() - 1);
        }
        int zone = h.indexOf('%');
        if (zone >= 0 && h.indexOf(':') >= 0) {
            h = h.substring(0, zone);
        }
        return h;
    }

    static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Quotes a value for a message, shortening very long ones (the full value stays in the exception). */
    static String quote(String value) {
        boolean shortened = value.length() > QUOTE_MAX;
        String shown = shortened ? value.substring(0, QUOTE_MAX) : value;
        StringBuilder b = new StringBuilder(shown.length() + 8).append('"');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (Character.isISOControl(c)) {
                b.append("\\u").append(hex4(c));
            } else {
                b.append(c);
            }
        }
        return b.append(shortened ? "…\"" : "\"").toString();
    }

    private static String hex4(char c) {
        String h = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
        return "0000".substring(h.length()) + h;
    }
}
