package org.clusteragent.harness.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.clusteragent.harness.cluster.TempFiles;
import org.clusteragent.tomcat.ClusterListener;

/**
 * One embedded Tomcat node: an HTTP connector on 127.0.0.1 (ephemeral port, see {@link #port()}; or
 * the one connector given, e.g. AJP),
 * the webapp {@link NodeServlet#APP} served by a {@link NodeServlet} named after the node, and,
 * unless built without attributes, clusteragent's {@link ClusterListener} on the Server with
 * {@code jvmRoute} set to the node's name. Nothing starts before {@link #start()}; {@link #close()}
 * stops and destroys Tomcat and deletes its temporary base directory. Several nodes may run in one
 * JVM. Not thread-safe: one test thread drives it; Tomcat serves requests on its own threads.
 */
public final class EmbeddedTomcatNode implements ServingNode {

    private final String name;
    private final Path baseDir;
    private final Tomcat tomcat = new Tomcat();
    private final NodeServlet servlet;
    private final Path docBase;
    private Context app;

    /**
     * @param name                the node's name, also its jvmRoute
     * @param listenerAttributes  the listener's attributes (docs/attributes.md names; a {@code jvmRoute}
     *                            here wins over the name), or null for a node without the listener
     */
    public EmbeddedTomcatNode(String name, Map<String, String> listenerAttributes) {
        this(name, listenerAttributes, 0);
    }

    /** As above, with the HTTP connector on {@code port} of 127.0.0.1 (0: a free one), so a restart keeps it. */
    public EmbeddedTomcatNode(String name, Map<String, String> listenerAttributes, int port) {
        this(name, listenerAttributes, httpConnector(port));
    }

    /**
     * As above, with {@code connector} (bound to an address and port the caller chose) as the node's only
     * connector, e.g. an AJP one.
     */
    public EmbeddedTomcatNode(String name, Map<String, String> listenerAttributes, Connector connector) {
        this.name = name;
        this.servlet = new NodeServlet(name);
        try {
            baseDir = Files.createTempDirectory("clusteragent-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tomcat.setBaseDir(baseDir.toString());
        TempFiles.ownCatalinaHome(baseDir);
        tomcat.setHostname("localhost");
        tomcat.getHost().setAppBase(baseDir.toString());
        tomcat.getHost().setAutoDeploy(false);
        tomcat.getEngine().setName("engine-" + name);
        tomcat.setConnector(connector);
        docBase = baseDir.resolve("app");
        docBase.toFile().mkdirs();
        addApp();
        if (listenerAttributes != null) {
            ClusterListener listener = new ClusterListener();
            listener.setProperty("jvmRoute", name);
            listenerAttributes.forEach(listener::setProperty);
            tomcat.getServer().addLifecycleListener(listener);
        }
    }

    private static Connector httpConnector(int port) {
        Connector http = new Connector();
        http.setPort(port);
        http.setProperty("address", "127.0.0.1");
        return http;
    }

    /**
     * An AJP/1.3 connector on a free port of 127.0.0.1 with {@code secret}, as a user sets it up since
     * Tomcat requires a secret by default (and the proxy sends it: httpd's {@code AJPSecret}); with
     * null, {@code secretRequired=false}, for a proxy that sends none (Undertow's balancer).
     */
    public static Connector ajpConnector(String secret) {
        Connector ajp = new Connector("AJP/1.3");
        ajp.setPort(0);
        ajp.setProperty("address", "127.0.0.1");
        if (secret == null) {
            ajp.setProperty("secretRequired", "false");
        } else {
            ajp.setProperty("secret", secret);
        }
        return ajp;
    }

    /**
     * Listener attributes for a node registering at one balancer's MCMP port on 127.0.0.1: no
     * advertise, a STATUS every second. A new mutable map, so a test may add to it.
     */
    public static Map<String, String> attributesFor(int mcmpPort) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("proxyList", "127.0.0.1:" + mcmpPort);
        attributes.put("advertise", "false");
        attributes.put("statusInterval", "1");
        return attributes;
    }

    /**
     * The listener's defaults but for what a node must be told: only {@code proxyList} (one proxy on
     * 127.0.0.1) and {@code advertise=false}, as a new user writes it. A new mutable map.
     */
    public static Map<String, String> defaultsFor(int mcmpPort) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("proxyList", "127.0.0.1:" + mcmpPort);
        attributes.put("advertise", "false");
        return attributes;
    }

    @Override
    public String name() {
        return name;
    }

    /** Starts Tomcat; with the listener, the node then registers (CONFIG, ENABLE-APP, STATUS). */
    public EmbeddedTomcatNode start() throws LifecycleException {
        tomcat.start();
        return this;
    }

    /** The connector's port (HTTP unless built with another connector); only meaningful once started. */
    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** Requests inside the webapp's servlet right now. */
    @Override
    public int inFlight() {
        return servlet.inFlight();
    }

    private void addApp() {
        app = tomcat.addContext(NodeServlet.APP, docBase.toString());
        Tomcat.addServlet(app, "node", servlet);
        app.addServletMappingDecoded("/*", "node");
    }

    /** Deploys {@link NodeServlet#APP} again after {@link #undeployApp()}: on a started Host it starts at once. */
    public void deployApp() {
        addApp();
    }

    @Override
    public void deploy(String contextPath) {
        Context extra = tomcat.addContext(contextPath, docBase.toString());
        Tomcat.addServlet(extra, "node", new NodeServlet(name));
        extra.addServletMappingDecoded("/*", "node");
    }

    /** Undeploys {@link NodeServlet#APP} the way a run-time undeploy does: the Host removes (stops, destroys) it. */
    @Override
    public void undeployApp() {
        tomcat.getHost().removeChild(app);
    }

    /** Stops Tomcat (the Server), as a shutdown does; the listener drains and deregisters first. */
    @Override
    public void stop() throws LifecycleException {
        tomcat.stop();
    }

    @Override
    public void close() throws LifecycleException {
        try {
            if (tomcat.getServer().getState() != LifecycleState.DESTROYED) {
                if (tomcat.getServer().getState().isAvailable()) {
                    tomcat.stop();
                }
                tomcat.destroy();
            }
        } finally {
            Cleanup.deleteTomcatBase(baseDir);
        }
    }
}
