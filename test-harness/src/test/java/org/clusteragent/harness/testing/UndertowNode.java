package org.clusteragent.harness.testing;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;

import org.clusteragent.undertow.UndertowClusterAgent;

/**
 * One embedded Undertow server (HTTP on 127.0.0.1, ephemeral port) serving the webapp
 * {@link NodeServlet#APP} ({@link NodeServlet}) and made a cluster node by clusteragent's
 * {@link UndertowClusterAgent} in builder mode, with the given attributes. Several run in one JVM
 * next to the balancer. Nothing starts before {@link #start()}; {@link #close()} stops whatever is
 * still running. One test thread drives it.
 */
public final class UndertowNode implements ServingNode {

    private final String name;
    private final PathHandler paths = Handlers.path();
    private final Undertow undertow;
    private final UndertowClusterAgent agent;
    private final NodeServlet servlet;
    private DeploymentManager app;

    /**
     * @param name       the node's jvmRoute
     * @param attributes the agent's attributes (docs/attributes.md names)
     */
    public UndertowNode(String name, Map<String, String> attributes) {
        this.name = name;
        this.servlet = new NodeServlet(name);
        this.undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setWorkerThreads(16)
                .setHandler(paths).build();
        this.agent = UndertowClusterAgent.builder().properties(attributes).property("jvmRoute", name)
                .host("localhost").registerMBean(false).build();
    }

    /** Attributes the balancer tests share: the balancer's MCMP port, fast STATUS, no advertise. */
    public static Map<String, String> attributesFor(int mcmpPort) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("proxyList", "127.0.0.1:" + mcmpPort);
        attributes.put("advertise", "false");
        attributes.put("statusInterval", "0.5");
        attributes.put("stopContextTimeout", "10");
        return attributes;
    }

    @Override
    public String name() {
        return name;
    }

    /** Deploys {@link NodeServlet#APP}, starts Undertow and registers the node (CONFIG, ENABLE-APP, then STATUS). */
    public UndertowNode start() {
        app = agent.deploy(appInfo(servlet), paths);
        agent.start(undertow);
        return this;
    }

    /**
     * The listener's defaults but for what a node must be told: only {@code proxyList} and
     * {@code advertise=false}. A new mutable map.
     */
    public static Map<String, String> defaultsFor(int mcmpPort) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("proxyList", "127.0.0.1:" + mcmpPort);
        attributes.put("advertise", "false");
        return attributes;
    }

    public static DeploymentInfo appInfo(NodeServlet servlet) {
        return appInfo(servlet, NodeServlet.APP);
    }

    private static DeploymentInfo appInfo(NodeServlet servlet, String contextPath) {
        return Servlets.deployment()
                .setClassLoader(UndertowNode.class.getClassLoader())
                .setDeploymentName(contextPath.substring(1) + ".war")
                .setContextPath(contextPath)
                .addServlet(Servlets.servlet("node", NodeServlet.class,
                        new ImmediateInstanceFactory<>(servlet)).addMapping("/*"));
    }

    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    public UndertowClusterAgent agent() {
        return agent;
    }

    /** Requests inside the webapp's servlet right now. */
    @Override
    public int inFlight() {
        return servlet.inFlight();
    }

    @Override
    public void deploy(String contextPath) {
        agent.deploy(appInfo(new NodeServlet(name), contextPath), paths);
    }

    /** Undeploys {@link NodeServlet#APP} at run time: drain, unmount, REMOVE-APP; blocks until done. */
    @Override
    public void undeployApp() {
        if (app != null) {
            DeploymentManager m = app;
            app = null;
            agent.undeploy(m);
        }
    }

    /** Stops the node as a shutdown does: drain every context, REMOVE-APP, stop Undertow. */
    @Override
    public void stop() {
        agent.stop();
    }

    @Override
    public void close() {
        try {
            agent.stop();
        } finally {
            try {
                undertow.stop();
            } catch (RuntimeException ignored) {
                // never started, or already stopped by the agent
            }
        }
    }
}
