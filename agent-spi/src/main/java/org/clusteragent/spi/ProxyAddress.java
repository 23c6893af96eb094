package org.clusteragent.spi;

import java.util.Objects;

/**
 * Where a proxy accepts MCMP: host (a name or an IP literal, IPv6 without brackets), port and
 * whether to use TLS. Immutable; equal values denote the same proxy.
 */
public record ProxyAddress(String host, int port, boolean secure) {

    public ProxyAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("proxy host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port " + port + " is not in 1..65535");
        }
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (secure ? "https://" : "") + h + ":" + port;
    }
}
