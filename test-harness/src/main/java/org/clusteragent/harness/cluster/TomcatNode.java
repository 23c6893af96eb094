package org.clusteragent.harness.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardThreadExecutor;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.clusteragent.tomcat.ClusterListener;
import org.jboss.logging.Logger;

/**
 * An embedded Tomcat node: one HTTP connector on 127.0.0.1 (an ephemeral port, kept across
 * restarts), the demo war at {@code /demo}, and clusteragent's {@link ClusterListener} on the
 * Server configured by {@link AgentProperties}. The connector unbinds on stop, so a stopped node
 * refuses connections instead of leaving them hanging. Thread-safe; operations are serialised.
 */
final class TomcatNode implements ClusterNode {

    private static final Logger LOG = Logger.getLogger(TomcatNode.class);

    private final String name;
    private final ClusterSettings settings;
    private final Path baseDir;
    private final Tomcat tomcat = new Tomcat();
    private final Connector connector;
    private volatile State state = State.NEW;
    private volatile Context demo;
    private volatile int port;

    TomcatNode(String name, ClusterSettings settings) throws IOException {
        this.name = name;
        this.settings = settings;
        this.baseDir = Files.createTempDirectory("clusteragent-" + name + "-");
        tomcat.setBaseDir(baseDir.toString());
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
        NodeThreads.register(name, threadPrefix(name), this::webAppLoader);
    }

    static String threadPrefix(String node) {
        return "node-" + node + "-exec-";
    }

    private ClassLoader webAppLoader() {
        Context c = demo;
        return c == null || c.getLoader() == null ? null : c.getLoader().getClassLoader();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "tomcat";
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void start() throws LifecycleException {
        if (state == State.RUNNING || state == State.UNDEPLOYED) {
            return;
        }
        state = State.STARTING;
        try {
            if (demo == null) {
                deploy();
            }
            tomcat.start();
            port = connector.getLocalPort();
            connector.setPort(port); // the same port after a restart: the balancer knows the node by it
            state = State.RUNNING;
            LOG.infof("CLAG8051: node %s (Tomcat) serving on 127.0.0.1:%d", name, port);
        } catch (LifecycleException | RuntimeException e) {
            state = State.FAILED;
            throw e;
        }
    }

    @Override
    public synchronized void stop() throws LifecycleException {
        if (state != State.RUNNING && state != State.UNDEPLOYED) {
            return;
        }
        state = State.STOPPING;
        tomcat.stop();
        state = State.STOPPED;
        LOG.infof("CLAG8052: node %s (Tomcat) stopped", name);
    }

    @Override
    public synchronized void undeploy() {
        if (state != State.RUNNING || demo == null) {
            return;
        }
        state = State.UNDEPLOYING;
        tomcat.getHost().removeChild(demo); // stops the context: the agent drains it first
        demo = null;
        state = State.UNDEPLOYED;
        LOG.infof("CLAG8053: demo undeployed from node %s", name);
    }

    @Override
    public synchronized void redeploy() {
        if (state != State.UNDEPLOYED) {
            return;
        }
        state = State.DEPLOYING;
        deploy(); // the host is started, so adding the context starts it
        state = State.RUNNING;
        LOG.infof("CLAG8054: demo deployed again on node %s", name);
    }

    private void deploy() {
        demo = tomcat.addWebapp(tomcat.getHost(), ClusterSettings.DEMO_PATH,
                settings.war().toAbsolutePath().toString());
        demo.addParameter("clusteragent.demo.node", name);
    }

    @Override
    public synchronized void close() {
        try {
            if (tomcat.getServer().getState() != LifecycleState.DESTROYED) {
                if (tomcat.getServer().getState().isAvailable()) {
                    tomcat.stop();
                }
                tomcat.destroy();
            }
        } catch (LifecycleException e) {
            LOG.warnf("CLAG8055: node %s did not stop cleanly: %s", name, e.getMessage());
        } finally {
            state = State.STOPPED;
            NodeThreads.unregister(name);
            TempFiles.deleteQuietly(baseDir);
        }
    }
}
