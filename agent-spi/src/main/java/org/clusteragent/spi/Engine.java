package org.clusteragent.spi;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of one engine: the unit a proxy knows as a node (one jvmRoute). It owns the
 * virtual hosts and the connectors through which a proxy can reach it, and exposes the cumulative
 * counters that the load metrics turn into rates. Implementations read the live container and must
 * be safe to call from any thread; counters are monotonic (they never go down while the engine runs).
 */
public interface Engine {

    /** The engine's name (Tomcat's Engine name, e.g. {@code Catalina}). Never null. */
    String name();

    /** The owning server. */
    Server server();

    /** The jvmRoute configured in the container, if any. */
    Optional<String> jvmRoute();

    /**
     * Tells the container the jvmRoute chosen by the agent, so session ids carry it.
     *
     * @return false when the container does not allow the route to be changed (the agent still uses it)
     */
    default boolean assignJvmRoute(String jvmRoute) {
        return false;
    }

    /** The virtual hosts of this engine. Never null. */
    List<Host> hosts();

    /** Every connector that could be the one advertised to proxies. Never null. */
    List<Connector> connectors();

    /** Name of the session cookie, e.g. {@code JSESSIONID}. */
    default String sessionCookieName() {
        return "JSESSIONID";
    }

    /** Name of the session path parameter, e.g. {@code jsessionid}. */
    default String sessionParameterName() {
        return "jsessionid";
    }

    /** Requests processed since the engine started (all connectors), or 0 when unknown. */
    default long requestCount() {
        return 0;
    }

    /** Bytes sent to clients since the engine started (all connectors), or 0 when unknown. */
    default long bytesSent() {
        return 0;
    }

    /** Bytes received from clients since the engine started (all connectors), or 0 when unknown. */
    default long bytesReceived() {
        return 0;
    }
}
