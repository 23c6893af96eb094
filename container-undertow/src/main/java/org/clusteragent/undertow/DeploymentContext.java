package org.clusteragent.undertow;

import java.util.Optional;

import io.undertow.server.session.InMemorySessionManager;
import io.undertow.server.session.SessionManager;
import io.undertow.server.session.SessionManagerStatistics;
import io.undertow.servlet.api.Deployment;
import io.undertow.servlet.spec.ServletContextImpl;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.Host;

/**
 * The SPI view of one Undertow servlet deployment. Started from the moment its last load-on-startup
 * servlet initialised until its stop begins. Active sessions come from the deployment's session
 * manager, active requests from its {@link InFlightCounter}. Distributable is what the deployment
 * says through {@code clusteragent.distributable}, else true exactly when the session manager is not
 * Undertow's {@link InMemorySessionManager} (whose sessions live and die in this JVM): Undertow's
 * {@code DeploymentInfo} has no distributable flag of its own. Thread-safe.
 */
final class DeploymentContext implements Context {

    private final String name;
    private final String path;
    private final UndertowHost host;
    private final ServletContextImpl servletContext;
    private final InFlightCounter counter;
    private final Optional<Boolean> distributable;
    private volatile boolean started;

    DeploymentContext(String name, String path, UndertowHost host, ServletContextImpl servletContext,
                      InFlightCounter counter, Optional<Boolean> distributable) {
        this.name = name;
        this.path = path;
        this.host = host;
        this.servletContext = servletContext;
        this.counter = counter;
        this.distributable = distributable;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Host host() {
        return host;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public int activeSessions() {
        SessionManager sessions = sessionManager();
        if (sessions == null) {
            return 0;
        }
        SessionManagerStatistics statistics = sessions.getStatistics();
        long count = statistics != null ? statistics.getActiveSessionCount() : sessions.getActiveSessions().size();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, count));
    }

    @Override
    public int activeRequests() {
        return counter.inFlight();
    }

    @Override
    public boolean addIdleListener(Runnable listener) {
        counter.count().addIdleListener(listener);
        return true;
    }

    @Override
    public void removeIdleListener(Runnable listener) {
        counter.count().removeIdleListener(listener);
    }

    @Override
    public boolean isDistributable() {
        if (distributable.isPresent()) {
            return distributable.get();
        }
        SessionManager sessions = sessionManager();
        return sessions != null && !(sessions instanceof InMemorySessionManager);
    }

    /** The deployment name Undertow knows it by. */
    String name() {
        return name;
    }

    InFlightCounter counter() {
        return counter;
    }

    void started(boolean value) {
        started = value;
    }

    private SessionManager sessionManager() {
        Deployment deployment = servletContext.getDeployment();
        return deployment == null ? null : deployment.getSessionManager();
    }

    @Override
    public String toString() {
        return "Deployment[" + name + " " + host.name() + (path.isEmpty() ? "/" : path) + "]";
    }
}
