package org.clusteragent.harness.tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.clusteragent.tomcat.ClusterListener;

/**
 * One embedded Tomcat node for the balancer tests: an HTTP connector on 127.0.0.1 (ephemeral port),
 * the webapp {@code /app} whose servlet answers {@code node=<name>} (and opens a session when asked
 * with {@code ?session}), and, unless built without, clusteragent's {@link ClusterListener} on the
 * Server, registering the node as {@code name} at the given MCMP address. Several nodes may run in
 * one JVM. Not thread-safe: one test thread drives it; Tomcat serves requests on its own threads.
 */
final class EmbeddedNode implements AutoCloseable {

    static final String APP = "/app";

    private final String name;
    private final Path baseDir;
    private final Tomcat tomcat = new Tomcat();
    private final Context app;

    /**
     * @param name       the node's jvmRoute
     * @param listener   the listener's attributes, or null for a node without the listener
     */
    EmbeddedNode(String name, Map<String, String> listener) {
        this.name = name;
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
        http.setPort(0);
        http.setProperty("address", "127.0.0.1");
        tomcat.setConnector(http);
        Path docBase = baseDir.resolve("app");
        docBase.toFile().mkdirs();
        app = tomcat.addContext(APP, docBase.toString());
        Tomcat.addServlet(app, "node", new NodeServlet(name));
        app.addServletMappingDecoded("/*", "node");
        if (listener != null) {
            ClusterListener cl = new ClusterListener();
            listener.forEach(cl::setProperty);
            tomcat.getServer().addLifecycleListener(cl);
        }
    }

    /** The listener attributes every balancer test uses: fast STATUS, no advertise, a fixed route. */
    static Map<String, String> listenerFor(String jvmRoute, int mcmpPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("proxyList", "127.0.0.1:" + mcmpPort);
        props.put("advertise", "false");
        props.put("jvmRoute", jvmRoute);
        props.put("statusInterval", "1");
        return props;
    }

    String name() {
        return name;
    }

    EmbeddedNode start() throws LifecycleException {
        tomcat.start();
        return this;
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** Undeploys {@code /app} the way a run-time undeploy does: the Host removes (stops, destroys) it. */
    void undeployApp() {
        tomcat.getHost().removeChild(app);
    }

    /** Stops Tomcat (the Server), as a shutdown does; the listener drains and deregisters first. */
    void stop() throws LifecycleException {
        tomcat.stop();
    }

    @Override
    public void close() throws LifecycleException {
        if (tomcat.getServer().getState() != LifecycleState.DESTROYED) {
            if (tomcat.getServer().getState().isAvailable()) {
                tomcat.stop();
            }
            tomcat.destroy();
        }
        deleteQuietly(baseDir);
    }

    static void deleteQuietly(Path dir) {
        // A second pass catches what Tomcat's own cleanup was still moving while the first one ran.
        for (int pass = 0; pass < 2 && Files.exists(dir); pass++) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // temp files: the OS cleans up what is left
            }
        }
    }

    /** Answers which node served the request, so tests can see where the balancer routed it. */
    static final class NodeServlet extends HttpServlet {
        private final String node;

        NodeServlet(String node) {
            this.node = node;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getParameter("session") != null) {
                req.getSession(true);
            }
            req.getInputStream().readAllBytes();
            resp.setContentType("text/plain");
            resp.getWriter().print("node=" + node);
        }
    }
}
