package org.clusteragent.harness.undertow;

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

import org.clusteragent.harness.testing.NodeServlet;
import org.clusteragent.undertow.UndertowClusterAgent;

/**
 * One embedded Undertow server (HTTP on 127.0.0.1, ephemeral port) serving the webapp
 * {@link NodeServlet#APP} ({@link NodeServlet}) and made a cluster node by clusteragent's
 * {@link UndertowClusterAgent} in builder mode, with the given attributes. Several run in one JVM
 * next to the balancer. Nothing starts before {@link #start()}; {@link #close()} stops whatever is
 * still running. One test thread drives it.
 */
final class UndertowNode implements AutoCloseable {

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
    UndertowNode(String name, Map<String, String> attributes) {
        this.name = name;
        this.servlet = new NodeServlet(name);
        this.undertow = Undertow.builder().addHttpListener(0, "127.0.0.1").setWorkerThreads(16)
                .setHandler(paths).build();
        this.agent = UndertowClusterAgent.builder().properties(attributes).property("jvmRoute", name)
                .host("localhost").registerMBean(false).build();
    }

    /** Attributes the balancer tests share: the balancer's MCMP port, fast STATUS, no advertise. */
    static Map<String, String> attributesFor(int mcmpPort) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("proxyList", "127.0.0.1:" + mcmpPort);
        attributes.put("advertise", "false");
        attributes.put("statusInterval", "0.5");
        attributes.put("stopContextTimeout", "10");
        return attributes;
    }

    String name() {
        return name;
    }

    /** Deploys {@link NodeServlet#APP}, starts Undertow and registers the node (CONFIG, ENABLE-APP, then STATUS). */
    UndertowNode start() {
        app = agent.deploy(appInfo(servlet), paths);
        agent.start(undertow);
        return this;
    }

    static DeploymentInfo appInfo(NodeServlet servlet) {
        return Servlets.deployment()
                .setClassLoader(UndertowNode.class.getClassLoader())
                .setDeploymentName("app.war")
                .setContextPath(NodeServlet.APP)
                .addServlet(Servlets.servlet("node", NodeServlet.class,
                        new ImmediateInstanceFactory<>(servlet)).addMapping("/*"));
    }

    int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    UndertowClusterAgent agent() {
        return agent;
    }

    /** Requests inside the webapp's servlet right now. */
    int inFlight() {
        return servlet.inFlight();
    }

    /** Undeploys {@link NodeServlet#APP} at run time: drain, unmount, REMOVE-APP; blocks until done. */
    void undeployApp() {
        if (app != null) {
            DeploymentManager m = app;
            app = null;
            agent.undeploy(m);
        }
    }

    /** Stops the node as a shutdown does: drain every context, REMOVE-APP, stop Undertow. */
    void stop() {
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
