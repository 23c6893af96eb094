package org.clusteragent.harness.tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.clusteragent.harness.cluster.TempFiles;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.tomcat.ClusterListener;

/**
 * One embedded Tomcat with clusteragent's {@link ClusterListener} (jvmRoute = the node's name) that
 * deploys the built {@code demo.war} at {@code /demo}, plain or as parallel versions
 * ({@code /demo##1}, {@code /demo##2}: Tomcat's parallel deployment, same path), the way Tomcat's
 * HostConfig deploys a war dropped into webapps/. HTTP on 127.0.0.1, ephemeral port. {@link #close()}
 * stops and destroys Tomcat and deletes its base directory. One test thread drives it.
 */
final class DemoWarTomcat implements AutoCloseable {

    static final String PATH = "/demo";

    private final Path baseDir;
    private final Path war;
    private final Tomcat tomcat = new Tomcat();

    DemoWarTomcat(String name, Map<String, String> listenerAttributes) {
        war = demoWar();
        try {
            baseDir = Files.createTempDirectory("clusteragent-" + name + "-");
            Files.createDirectories(baseDir.resolve("webapps"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tomcat.setBaseDir(baseDir.toString());
        TempFiles.ownCatalinaHome(baseDir);
        tomcat.setHostname("localhost");
        tomcat.getHost().setAppBase(baseDir.resolve("webapps").toString());
        tomcat.getHost().setAutoDeploy(false);
        tomcat.getEngine().setName("engine-" + name);
        Connector http = new Connector();
        http.setPort(0);
        http.setProperty("address", "127.0.0.1");
        tomcat.setConnector(http);
        ClusterListener listener = new ClusterListener();
        listener.setProperty("jvmRoute", name);
        listenerAttributes.forEach(listener::setProperty);
        tomcat.getServer().addLifecycleListener(listener);
    }

    /** The demo war the reactor built, or {@code clusteragent.demoWar}. */
    static Path demoWar() {
        Path war = Path.of(System.getProperty("clusteragent.demoWar", "../demo-war/target/demo.war"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("demo.war not found at " + war + ": build demo-war first");
        }
        return war;
    }

    DemoWarTomcat start() throws LifecycleException {
        tomcat.start();
        return this;
    }

    Host host() {
        return tomcat.getHost();
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /**
     * Deploys demo.war at {@code /demo}, as version {@code version} (null: unversioned), and
     * starts it when Tomcat runs. Returns once the context is started.
     */
    StandardContext deploy(String version) {
        StandardContext context = new StandardContext();
        String name = version == null ? PATH : PATH + "##" + version;
        context.setName(name);
        context.setPath(PATH);
        if (version != null) {
            context.setWebappVersion(version);
        }
        // Each version needs its own copy, as webapps/demo##N.war would be.
        Path copy = baseDir.resolve("webapps").resolve(name.substring(1) + ".war");
        try {
            Files.copy(war, copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.setDocBase(copy.toString());
        // No default web.xml: its JSP servlet needs Jasper, which embedded Tomcat does not have.
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(tomcat.noDefaultWebXmlPath());
        context.addLifecycleListener(config);
        tomcat.getHost().addChild(context);
        return context;
    }

    /** Undeploys {@code context} the way HostConfig and the manager do: the Host removes (stops, destroys) it. */
    void undeploy(Context context) {
        tomcat.getHost().removeChild(context);
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
