package org.clusteragent.demo;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Works out which node this web application runs on, without any clusteragent class.
 *
 * <p>jvmRoute, first that answers:
 * <ol>
 * <li>the suffix after the last {@code .} of a session id of this context (Tomcat appends
 *     {@code .<jvmRoute>} when its Engine has one); remembered from any session seen;</li>
 * <li>system property {@code jboss.mod_cluster.jvmRoute};</li>
 * <li>the agent MBean, when exactly one {@code org.clusteragent:type=ClusterAgent} is registered
 *     (its {@code node} key);</li>
 * <li>otherwise unknown (null).</li>
 * </ol>
 * Node name: init parameter {@code demo.node} of the context, else system property
 * {@code demo.node}, else the jvmRoute, else {@code "unknown"}.
 *
 * <p>Thread-safe: the learned route is an atomic reference; the rest is read on every call.
 */
final class NodeIdentity {

    static final String NODE_PROPERTY = "demo.node";
    static final String JVM_ROUTE_PROPERTY = "jboss.mod_cluster.jvmRoute";

    private final AtomicReference<String> learnedRoute = new AtomicReference<>();
    private final String contextNodeName;
    private final Function<String, String> systemProperties;
    private final Supplier<List<String>> agentRoutes;

    /**
     * @param contextNodeName  the context's {@code demo.node} init parameter, or null
     * @param systemProperties looks up a system property (null when unset)
     * @param agentRoutes      the {@code node} keys of the registered agent MBeans
     */
    NodeIdentity(String contextNodeName, Function<String, String> systemProperties, Supplier<List<String>> agentRoutes) {
        this.contextNodeName = blankToNull(contextNodeName);
        this.systemProperties = systemProperties;
        this.agentRoutes = agentRoutes;
    }

    /** The route part of a session id, or null when it carries none. */
    static String routeOf(String sessionId) {
        if (sessionId == null) {
            return null;
        }
        int dot = sessionId.lastIndexOf('.');
        return dot < 0 || dot == sessionId.length() - 1 ? null : sessionId.substring(dot + 1);
    }

    /** Remembers the route of a session of this context, if its id carries one. */
    void learnFrom(String sessionId) {
        String route = routeOf(sessionId);
        if (route != null) {
            learnedRoute.set(route);
        }
    }

    /** The jvmRoute, by the order in the class comment, looking first at {@code sessionId} (may be null). */
    String jvmRoute(String sessionId) {
        String fromSession = routeOf(sessionId);
        if (fromSession != null) {
            learnedRoute.set(fromSession);
            return fromSession;
        }
        String learned = learnedRoute.get();
        if (learned != null) {
            return learned;
        }
        String property = blankToNull(systemProperties.apply(JVM_ROUTE_PROPERTY));
        if (property != null) {
            return property;
        }
        List<String> routes = agentRoutes.get();
        return routes.size() == 1 ? routes.get(0) : null;
    }

    /** The node name to show, by the order in the class comment. */
    String nodeName(String jvmRoute) {
        if (contextNodeName != null) {
            return contextNodeName;
        }
        String property = blankToNull(systemProperties.apply(NODE_PROPERTY));
        if (property != null) {
            return property;
        }
        return jvmRoute != null ? jvmRoute : "unknown";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
