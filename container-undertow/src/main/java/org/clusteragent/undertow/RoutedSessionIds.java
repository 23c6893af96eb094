package org.clusteragent.undertow;

import io.undertow.server.session.SessionIdGenerator;

/**
 * Appends {@code .jvmRoute} to every new session id, as Tomcat does, so that a proxy's sticky
 * sessions find the node again: mod_cluster proxies read the route after the dot of the session
 * cookie or path parameter. Ids created before the agent chose a route carry none. Thread-safe if
 * the wrapped generator is.
 */
final class RoutedSessionIds implements SessionIdGenerator {

    private final SessionIdGenerator delegate;
    private final UndertowEngine engine;

    RoutedSessionIds(SessionIdGenerator delegate, UndertowEngine engine) {
        this.delegate = delegate;
        this.engine = engine;
    }

    @Override
    public String createSessionId() {
        String id = delegate.createSessionId();
        String route = engine.route();
        return route == null ? id : id + "." + route;
    }
}
