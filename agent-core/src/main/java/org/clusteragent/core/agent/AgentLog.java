package org.clusteragent.core.agent;

import org.jboss.logging.Logger;

/**
 * The agent's operator-facing log lines, each with a stable message id (CLAG2000-2099, and
 * CLAG2200-2299 for contexts coming and going, CLAG2300-2399 for load sampling), so that operators
 * can search for and alert on them; every id is listed in docs/log-messages.md.
 */
public final class AgentLog {

    public static final Logger LOG = Logger.getLogger("org.clusteragent.core");

    private AgentLog() {
    }

    public static void started(String nodes, int proxies, boolean discovery) {
        LOG.infof("CLAG2001: clusteragent started for %s with %s%s", nodes,
                proxies == 0 ? "no static proxy" : proxies == 1 ? "1 static proxy" : proxies + " static proxies",
                discovery ? " and proxy discovery" : "");
    }

    public static void stopped(String nodes) {
        LOG.infof("CLAG2002: clusteragent stopped for %s", nodes);
    }

    public static void jvmRouteChosen(String engine, String route, String source) {
        LOG.infof("CLAG2003: engine %s uses jvmRoute %s (%s)", engine, route, source);
    }

    public static void drainStarted(String context, String strategy) {
        LOG.infof("CLAG2004: draining %s (session strategy %s)", context, strategy);
    }

    public static void drainFinished(String context, long millis, int sessions, int requests) {
        LOG.infof("CLAG2005: drained %s in %d ms (%d sessions, %d requests left)", context, millis,
                sessions, requests);
    }

    public static void drainTimedOut(String context, long millis, int sessions, int requests) {
        LOG.warnf("CLAG2006: drain of %s stopped waiting after %d ms (stopContextTimeout; sessions get 80%% of"
                + " it) with %d sessions and %d requests still active", context, millis, sessions, requests);
    }

    public static void resync(String proxy, String reason, int commands) {
        LOG.infof("CLAG2007: told proxy %s everything (%s): %d commands", proxy, reason, commands);
    }

    public static void drift(String proxy, String mismatch) {
        LOG.warnf("CLAG2008: proxy %s drifted from the desired state: %s; repairing", proxy, mismatch);
    }

    public static void nodeConflict(String proxy, String route, String message) {
        LOG.errorf("CLAG2009: proxy %s already has another node named %s (%s): give each node its own"
                + " jvmRoute", proxy, route, message);
    }

    public static void connectorUnavailable(String route) {
        LOG.warnf("CLAG2010: the connector of node %s is not available; reporting load -1", route);
    }

    public static void proxyDiscovered(String proxy) {
        LOG.infof("CLAG2011: proxy %s discovered", proxy);
    }

    public static void proxyLost(String proxy, boolean keptStatic) {
        LOG.infof("CLAG2012: proxy %s lost%s", proxy, keptStatic ? " (kept: it is in proxyList)" : "");
    }

    public static void discoveryFailed(String discovery, Exception e) {
        LOG.errorf("CLAG2013: proxy discovery %s could not start: %s", discovery, e.toString());
    }

    public static void loadUnavailable(String engine, String why, int factor) {
        LOG.warnf("CLAG2301: no load factor for engine %s: %s; reporting its previous factor %d until the"
                + " provider answers again (logged once per outage)", engine, why, factor);
    }

    public static void loadAvailable(String engine, long failedSamples) {
        LOG.infof("CLAG2302: the load provider answers again for engine %s after %d failed sample(s)", engine,
                failedSamples);
    }

    public static void statusFailed(Throwable e) {
        LOG.errorf(e, "CLAG2014: the status tick failed; it will run again next period");
    }

    public static void mbeanFailed(String name, Exception e) {
        LOG.warnf("CLAG2015: could not register the JMX MBean %s: %s", name, e.toString());
    }

    public static void eventFailed(String event, RuntimeException e) {
        LOG.errorf(e, "CLAG2016: handling %s failed; the container goes on", event);
    }

    public static void observerFailed(String observer, RuntimeException e) {
        LOG.warnf("CLAG2017: agent observer %s failed (%s); its later failures are not logged", observer, e.toString());
    }

    /** The same line for a context present when the agent starts and one deployed later. */
    public static void contextServed(String node, String context, AppState state) {
        LOG.infof("CLAG2200: node %s serves %s, %s at the proxies", node, context, state);
    }

    public static void contextRemoved(String node, String context) {
        LOG.infof("CLAG2201: node %s no longer serves %s; removed from the proxies", node, context);
    }

    public static void repairFailed(String proxy, String route, RuntimeException e) {
        LOG.errorf(e, "CLAG1205: the drift repair of node %s at proxy %s failed; the next round tries again", route, proxy);
    }

    public static void drainGaveUpOnProxy(String context, String proxy, long millis) {
        LOG.warnf("CLAG2204: drain of %s no longer waits for proxy %s, which did not answer within %d ms;"
                + " a proxy that does not answer routes nothing here", context, proxy, millis);
    }
}
