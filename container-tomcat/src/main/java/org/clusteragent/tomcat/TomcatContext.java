package org.clusteragent.tomcat;

import org.apache.catalina.LifecycleState;
import org.apache.catalina.Manager;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.Host;

/**
 * The SPI view of a Tomcat {@link org.apache.catalina.Context}. {@link #activeRequests()} comes
 * from the adapter's {@link InFlightRequestValve} (0 for a context the adapter does not follow);
 * {@link #activeSessions()} from the context's session manager. Equal to any other view of the same
 * Context. Reads the live Context on every call; thread-safe.
 */
record TomcatContext(TomcatModel model, org.apache.catalina.Context tomcat) implements Context {

    @Override
    public String path() {
        return tomcat.getPath();
    }

    @Override
    public Host host() {
        return model.view((org.apache.catalina.Host) tomcat.getParent());
    }

    @Override
    public boolean isStarted() {
        // A context being reloaded stays STARTED but is paused: it serves nothing meanwhile.
        return tomcat.getState() == LifecycleState.STARTED && !tomcat.getPaused();
    }

    @Override
    public int activeSessions() {
        Manager manager = tomcat.getManager();
        return manager == null ? 0 : manager.getActiveSessions();
    }

    @Override
    public int activeRequests() {
        return model.inFlight(tomcat);
    }

    @Override
    public boolean isDistributable() {
        return tomcat.getDistributable();
    }

    @Override
    public String toString() {
        String path = tomcat.getPath();
        return "Context[" + (path.isEmpty() ? "/" : path) + "]";
    }
}
