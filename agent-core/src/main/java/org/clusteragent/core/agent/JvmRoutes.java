package org.clusteragent.core.agent;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.clusteragent.spi.Connector;
import org.clusteragent.spi.Engine;

/**
 * Decides a node's jvmRoute: the configured attribute, else the container's own, else the system
 * property {@code jboss.mod_cluster.jvmRoute} (for drop-in compatibility with mod_cluster), else a
 * name-based UUID of the connector's address and port and the engine's name, which is the same
 * after every restart so the proxy keeps recognising the node. Stateless.
 */
public final class JvmRoutes {

    /** The system property mod_cluster reads; honoured for drop-in compatibility. */
    public static final String SYSTEM_PROPERTY = "jboss.mod_cluster.jvmRoute";

    /** The chosen route and where it came from, for the log. */
    public record Choice(String route, String source) {
    }

    private JvmRoutes() {
    }

    public static Choice choose(Optional<String> configured, Engine engine, Connector connector) {
        if (configured.isPresent()) {
            return new Choice(configured.get(), "jvmRoute attribute");
        }
        Optional<String> own = engine.jvmRoute().filter(r -> !r.isBlank());
        if (own.isPresent()) {
            return new Choice(own.get(), "the container's jvmRoute");
        }
        String property = System.getProperty(SYSTEM_PROPERTY);
        if (property != null && !property.isBlank()) {
            return new Choice(property.trim(), "system property " + SYSTEM_PROPERTY);
        }
        String address = connector.address().map(a -> a.getHostAddress()).orElse("*");
        String seed = address + ":" + connector.port() + ":" + engine.name();
        String uuid = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
        return new Choice(uuid, "generated from " + seed);
    }
}
