package org.clusteragent.harness.undertow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.clusteragent.tomcat.ClusterListener;

/**
 * One embedded Tomcat (HTTP on 127.0.0.1, ephemeral port) serving the same webapp as
 * {@link UndertowNode} at {@link UndertowNode#APP}, made a cluster node by clusteragent's
 * {@link ClusterListener} on its Server with the given attributes. Not started by the constructor;
 * {@link #close()} stops and destroys it and removes its temporary base directory. One test thread drives it.
 */
final class TomcatNode implements AutoCloseable {

    private final Path baseDir;
    private final Tomcat tomcat = new Tomcat();

    /**
     * @param name       the node's jvmRoute
     * @param attributes the listener's attributes (ATTRIBUTES.md names)
     */
    TomcatNode(String name, Map<String, String> attributes) {
        try {
            baseDir = Files.createTempDirectory("clusteragent-h15-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("localhost");
        tomcat.getHost().setAppBase(baseDir.toString());
        tomcat.getHost().setAutoDeploy(false);
        tomcat.getEngine().setName("engine-" + name);
        Connector http = new Connector();
        http.setPort(0);
        http.setProperty("address", "127.0.0.1");
        tomcat.setConnector(http);
        Path docBase = baseDir.resolve("app");
        docBase.toFile().mkdirs();
        Context app = tomcat.addContext(UndertowNode.APP, docBase.toString());
        Tomcat.addServlet(app, "node", new NodeServlet(name));
        app.addServletMappingDecoded("/*", "node");
        ClusterListener listener = new ClusterListener();
        listener.setProperty("jvmRoute", name);
        attributes.forEach(listener::setProperty);
        tomcat.getServer().addLifecycleListener(listener);
    }

    TomcatNode start() throws LifecycleException {
        tomcat.start();
        return this;
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
            try (var files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory: whatever is left the OS cleans up
            }
        }
    }
}
