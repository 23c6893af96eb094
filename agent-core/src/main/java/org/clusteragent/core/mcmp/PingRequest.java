package org.clusteragent.core.mcmp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code PING} in one of its three forms: {@link #bare()} checks that the proxy answers at all,
 * {@link #node(String)} asks the proxy to health-check a node it knows, {@link #url(String, String,
 * int)} asks it to check an address it may not know yet. Fields that a form does not use are
 * {@code ""} (strings) or {@code 0} (port). Immutable.
 */
public record PingRequest(Form form, String jvmRoute, String scheme, String host, int port) implements McmpRequest {

    /** Which of the three PING forms this is. */
    public enum Form { BARE, NODE, URL }

    public PingRequest {
        Objects.requireNonNull(form, "form");
        jvmRoute = jvmRoute == null ? "" : jvmRoute;
        scheme = scheme == null ? "" : scheme;
        host = host == null ? "" : host;
        switch (form) {
            case BARE -> {
                if (!jvmRoute.isEmpty() || !scheme.isEmpty() || !host.isEmpty() || port != 0) {
                    throw new IllegalArgumentException("a bare PING carries no parameters");
                }
            }
            case NODE -> {
                McmpFields.required("JVMRoute", jvmRoute, McmpFields.JVM_ROUTE_MAX);
                if (!scheme.isEmpty() || !host.isEmpty() || port != 0) {
                    throw new IllegalArgumentException("a node PING carries only JVMRoute");
                }
            }
            case URL -> {
                if (!jvmRoute.isEmpty()) {
                    throw new IllegalArgumentException("a URL PING carries Scheme, Host and Port, not JVMRoute");
                }
                McmpFields.required("Scheme", scheme, McmpFields.TYPE_MAX);
                host = McmpFields.normalizeHost(host);
                McmpFields.required("Host", host, McmpFields.HOST_MAX);
                McmpFields.port("Port", port);
            }
        }
    }

    /** {@code PING} with no body: is the proxy there? */
    public static PingRequest bare() {
        return new PingRequest(Form.BARE, "", "", "", 0);
    }

    /** {@code PING JVMRoute=...}: can the proxy reach this node? */
    public static PingRequest node(String jvmRoute) {
        return new PingRequest(Form.NODE, jvmRoute, "", "", 0);
    }

    /** {@code PING Scheme=...&Host=...&Port=...}: can the proxy reach this address? */
    public static PingRequest url(String scheme, String host, int port) {
        return new PingRequest(Form.URL, "", scheme, host, port);
    }

    @Override
    public McmpCommand command() {
        return McmpCommand.PING;
    }

    @Override
    public boolean nodeWide() {
        return false;
    }

    @Override
    public List<Map.Entry<String, String>> parameters() {
        return switch (form) {
            case BARE -> List.of();
            case NODE -> List.of(Map.entry("JVMRoute", jvmRoute));
            case URL -> List.of(Map.entry("Scheme", scheme), Map.entry("Host", host),
                    Map.entry("Port", Integer.toString(port)));
        };
    }
}
