package org.clusteragent.advertise;

import java.net.InetAddress;
import java.util.Locale;

import org.clusteragent.spi.ProxyAddress;

/** Reads X-Manager-Address and X-Manager-Protocol into a {@link ProxyAddress}. Stateless. */
final class ManagerAddress {

    private ManagerAddress() {
    }

    /**
     * {@code host:port} or {@code [v6]:port}; a wildcard host (the proxy listens on every address)
     * is replaced by the datagram's source. Returns {@code null} for anything else.
     */
    static ProxyAddress parse(String address, String protocol, InetAddress source) {
        boolean secure;
        if (protocol == null || protocol.equalsIgnoreCase("http")) {
            secure = false;
        } else if (protocol.equalsIgnoreCase("https")) {
            secure = true;
        } else {
            return null;
        }
        String host;
        String port;
        if (address.startsWith("[")) {
            int close = address.indexOf("]:");
            if (close < 0) {
                return null;
            }
            host = address.substring(1, close);
            port = address.substring(close + 2);
        } else {
            int colon = address.lastIndexOf(':');
            if (colon < 0 || address.indexOf(':') != colon) {
                return null;
            }
            host = address.substring(0, colon);
            port = address.substring(colon + 1);
        }
        int p = parsePort(port);
        if (p < 0 || !isHostChars(host)) {
            return null;
        }
        if (host.isEmpty() || isWildcard(host)) {
            if (source == null) {
                return null;
            }
            host = source.getHostAddress();
        }
        return new ProxyAddress(host, p, secure);
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int p = Integer.parseInt(s);
        return p >= 1 && p <= 65535 ? p : -1;
    }

    private static boolean isHostChars(String host) {
        if (host.length() > 255) {
            return false;
        }
        return host.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' || c == '%' || c == '_');
    }

    private static boolean isWildcard(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0");
    }
}
