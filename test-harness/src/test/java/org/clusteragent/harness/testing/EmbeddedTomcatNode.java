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
import org.clusteragent.tomcat.ClusterListener;

/**
 * One embedded Tomcat node: an HTTP connector on 127.0.0.1 (ephemeral port, see {@link #port()}),
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
        this.name = name;
        this.servlet = new NodeServlet(name);
        try {
            baseDir = Files.createTempDirectory("clusteragent-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("localhost");
        tomcat.getHost().setAppBase(baseDir.toString());
        tomcat.getHost().setAutoDeploy(false);
        tomcat.getEngine().setName("engine-" + name);
        Connector http = new Connector();
        http.setPort(port);
        http.setProperty("address", "127.0.0.1");
        tomcat.setConnector(http);
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

    /** The HTTP connector's port; only meaningful once started. */
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
            Cleanup.deleteQuietly(baseDir);
        }
    }
}
