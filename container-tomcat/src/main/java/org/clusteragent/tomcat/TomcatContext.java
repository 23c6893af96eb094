package org.clusteragent.tomcat;

import java.util.List;

import org.apache.catalina.LifecycleState;
import org.apache.catalina.Manager;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.Host;

/**
 * The SPI view of one context path of a Tomcat {@link org.apache.catalina.Host}: every version of
 * it that the adapter follows (Tomcat's parallel deployment runs {@code demo##1} and
 * {@code demo##2} side by side at {@code /demo}; an unversioned context is its path's only
 * version). Proxies know paths, not versions, so the agent sees one context per path: started
 * while any version is started and not paused, with the sessions and in-flight requests of all
 * versions summed, and distributable only when every version is. An idle listener is told when any
 * version's count falls to zero (of the versions followed when it was added). Equal to any other
 * view of the same host and path. Reads the live contexts on every call; thread-safe.
 */
record TomcatContext(TomcatModel model, org.apache.catalina.Host tomcatHost, String path) implements Context {

    @Override
    public Host host() {
        return model.view(tomcatHost);
    }

    /** The followed versions of this path (a snapshot). */
    List<org.apache.catalina.Context> versions() {
        return model.versions(tomcatHost, path);
    }

    @Override
    public boolean isStarted() {
        return versions().stream().anyMatch(TomcatContext::serves);
    }

    /** A context being reloaded stays STARTED but is paused: it serves nothing meanwhile. */
    static boolean serves(org.apache.catalina.Context context) {
        return context.getState() == LifecycleState.STARTED && !context.getPaused();
    }

    @Override
    public int activeSessions() {
        long sum = 0;
        for (org.apache.catalina.Context version : versions()) {
            Manager manager = version.getManager();
            sum += manager == null ? 0 : manager.getActiveSessions();
        }
        return (int) Math.min(Integer.MAX_VALUE, sum);
    }

    @Override
    public int activeRequests() {
        long sum = 0;
        for (org.apache.catalina.Context version : versions()) {
            sum += model.inFlight(version);
        }
        return (int) Math.min(Integer.MAX_VALUE, sum);
    }

    @Override
    public boolean addIdleListener(Runnable listener) {
        for (org.apache.catalina.Context version : versions()) {
            model.idleListener(version, listener, true);
        }
        return true;
    }

    @Override
    public void removeIdleListener(Runnable listener) {
        for (org.apache.catalina.Context version : versions()) {
            model.idleListener(version, listener, false);
        }
    }

    @Override
    public boolean isDistributable() {
        List<org.apache.catalina.Context> versions = versions();
        return !versions.isEmpty() && versions.stream().allMatch(org.apache.catalina.Context::getDistributable);
    }

    @Override
    public String toString() {
        return "Context[" + (path.isEmpty() ? "/" : path) + "]";
    }
}
