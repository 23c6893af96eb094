package org.clusteragent.harness.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardThreadExecutor;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.clusteragent.tomcat.ClusterListener;

/**
 * An embedded Tomcat node: one HTTP connector on 127.0.0.1 (an ephemeral port, kept across
 * restarts), the demo war at {@code /demo}, and clusteragent's {@link ClusterListener} on the
 * Server configured by {@link AgentProperties}. The connector unbinds on stop, so a stopped node
 * refuses connections instead of leaving them hanging. Its life is {@link ContainerNode}'s.
 */
final class TomcatNode extends ContainerNode {

    private final Tomcat tomcat = new Tomcat();
    private final Connector connector;
    private volatile Context demo;

    TomcatNode(String name, ClusterSettings settings) throws IOException {
        super(name, "tomcat", "Tomcat", settings);
        tomcat.setBaseDir(baseDir.toString());
        TempFiles.ownCatalinaHome(baseDir);
        tomcat.setHostname("localhost");
        tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP servlet: the demo has no JSPs and Jasper is absent
        Files.createDirectories(baseDir.resolve("webapps"));
        tomcat.getHost().setAppBase(baseDir.resolve("webapps").toString());
        tomcat.getHost().setAutoDeploy(false);
        tomcat.getEngine().setName(name);
        // Tomcat's default parent for web apps is the system class loader, which under `mvn exec:java`
        // does not hold the servlet API: use the loader that holds Tomcat and this harness.
        tomcat.getServer().setParentClassLoader(TomcatNode.class.getClassLoader());
        StandardThreadExecutor executor = new StandardThreadExecutor();
        executor.setName(name + "-executor");
        executor.setNamePrefix(threadPrefix(name));
        executor.setMaxThreads(40);
        executor.setMinSpareThreads(4);
        tomcat.getService().addExecutor(executor);
        connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", ClusterSettings.LOOPBACK);
        connector.setProperty("bindOnInit", "false");
        ((AbstractProtocol<?>) connector.getProtocolHandler()).setExecutor(executor);
        tomcat.setConnector(connector);
        ClusterListener listener = new ClusterListener();
        for (Map.Entry<String, String> e : AgentProperties.of(settings, name).entrySet()) {
            listener.setProperty(e.getKey(), e.getValue());
        }
        tomcat.getServer().addLifecycleListener(listener);
        registerThreads();
    }

    static String threadPrefix(String node) {
        return "node-" + node + "-exec-";
    }

    @Override
    protected String threadPrefix() {
        return threadPrefix(name());
    }

    @Override
    protected ClassLoader webAppLoader() {
        Context c = demo;
        return c == null || c.getLoader() == null ? null : c.getLoader().getClassLoader();
    }

    @Override
    protected int startContainer() throws LifecycleException {
        if (demo == null) {
            deployDemo();
        }
        tomcat.start();
        int bound = connector.getLocalPort();
        connector.setPort(bound); // the same port after a restart: the balancer knows the node by it
        return bound;
    }

    @Override
    protected void stopContainer() throws LifecycleException {
        tomcat.stop();
    }

    @Override
    protected void undeployDemo() {
        tomcat.getHost().removeChild(demo); // stops the context: the agent drains it first
        demo = null;
    }

    @Override
    protected void deployDemo() {
        // Before the first start the context is only added; later the host is started, so adding starts it.
        demo = tomcat.addWebapp(tomcat.getHost(), ClusterSettings.DEMO_PATH,
                settings.war().toAbsolutePath().toString());
        demo.addParameter("demo.node", name());
    }

    @Override
    protected void releaseContainer() {
        try {
            if (tomcat.getServer().getState() != LifecycleState.DESTROYED) {
                if (tomcat.getServer().getState().isAvailable()) {
                    tomcat.stop();
                }
                tomcat.destroy();
            }
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat of node " + name() + " did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
