package org.clusteragent.harness.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import jakarta.servlet.ServletContainerInitializer;

import org.clusteragent.undertow.UndertowClusterAgent;
import org.jboss.logging.Logger;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;

/**
 * An embedded Undertow node: one HTTP listener on 127.0.0.1 (an ephemeral port, kept across
 * restarts), the demo war unpacked and deployed at {@code /demo} with its own class loader, and
 * container-undertow's {@link UndertowClusterAgent}. Each start builds a fresh server, worker and
 * agent (the agent, once stopped, is done); the worker's threads are named after the node so that
 * {@link NodeCpuMetric} can find them. Thread-safe; operations are serialised.
 */
final class UndertowNode implements ClusterNode {

    private static final Logger LOG = Logger.getLogger(UndertowNode.class);

    private final String name;
    private final ClusterSettings settings;
    private final Path baseDir;
    private final Path unpacked;
    private volatile State state = State.NEW;
    private volatile int port;
    private volatile URLClassLoader webAppLoader;
    private XnioWorker worker;
    private UndertowClusterAgent agent;
    private PathHandler paths;
    private DeploymentManager demo;
    private int deployments;

    UndertowNode(String name, ClusterSettings settings) throws IOException {
        this.name = name;
        this.settings = settings;
        this.baseDir = Files.createTempDirectory("clusteragent-" + name + "-");
        this.unpacked = baseDir.resolve("demo");
        WarFiles.unpack(settings.war(), unpacked);
        NodeThreads.register(name, threadPrefix(name), () -> webAppLoader);
    }

    static String threadPrefix(String node) {
        return "node-" + node + " "; // XNIO names its threads "<worker name> task-N" / "I/O-N"
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "undertow";
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
    public synchronized void start() throws IOException {
        if (state == State.RUNNING || state == State.UNDEPLOYED) {
            return;
        }
        state = State.STARTING;
        try {
            worker = Xnio.getInstance().createWorker(OptionMap.builder()
                    .set(Options.WORKER_NAME, threadPrefix(name).strip())
                    .set(Options.THREAD_DAEMON, true)
                    .set(Options.WORKER_IO_THREADS, 1)
                    .set(Options.WORKER_TASK_CORE_THREADS, 4)
                    .set(Options.WORKER_TASK_MAX_THREADS, 40).getMap());
            agent = UndertowClusterAgent.builder().properties(AgentProperties.of(settings, name))
                    .engineName(name).registerMBean(false).build();
            paths = Handlers.path();
            Undertow server = Undertow.builder().setWorker(worker)
                    .addHttpListener(port, ClusterSettings.LOOPBACK).setHandler(paths).build();
            demo = agent.deploy(deployment(), paths);
            agent.start(server);
            port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            state = State.RUNNING;
            LOG.infof("CLAG8064: node %s (Undertow) serving on 127.0.0.1:%d", name, port);
        } catch (IOException | RuntimeException e) {
            state = State.FAILED;
            release();
            throw e;
        }
    }

    private DeploymentInfo deployment() throws IOException {
        closeLoader();
        URLClassLoader loader = WarFiles.classLoader(unpacked, "demo@" + name, UndertowNode.class.getClassLoader());
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(loader)
                .setContextPath(ClusterSettings.DEMO_PATH)
                .setDeploymentName("demo-" + name + "-" + (++deployments))
                .setResourceManager(new PathResourceManager(unpacked))
                .addInitParameter("clusteragent.demo.node", name);
        for (ServletContainerInitializer sci : WarFiles.initializers(loader)) {
            info.addServletContainerInitializer(new ServletContainerInitializerInfo(sci.getClass(),
                    new ImmediateInstanceFactory<>(sci), Set.of()));
        }
        webAppLoader = loader;
        return info;
    }

    @Override
    public synchronized void stop() {
        if (state != State.RUNNING && state != State.UNDEPLOYED) {
            return;
        }
        state = State.STOPPING;
        release();
        state = State.STOPPED;
        LOG.infof("CLAG8065: node %s (Undertow) stopped", name);
    }

    /** Drains and stops (the agent stops the server it started), then ends the worker's threads. */
    private void release() {
        if (agent != null) {
            try {
                if (demo != null && state == State.STARTING) {
                    agent.undeploy(demo);
                }
                agent.stop();
            } catch (RuntimeException e) {
                LOG.warnf("CLAG8066: node %s did not stop cleanly: %s", name, e.getMessage());
            }
            agent = null;
        }
        demo = null;
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
        closeLoader();
    }

    @Override
    public synchronized void undeploy() {
        if (state != State.RUNNING || demo == null) {
            return;
        }
        state = State.UNDEPLOYING;
        agent.undeploy(demo); // drains first
        demo = null;
        closeLoader();
        state = State.UNDEPLOYED;
        LOG.infof("CLAG8053: demo undeployed from node %s", name);
    }

    @Override
    public synchronized void redeploy() throws IOException {
        if (state != State.UNDEPLOYED) {
            return;
        }
        state = State.DEPLOYING;
        demo = agent.deploy(deployment(), paths);
        state = State.RUNNING;
        LOG.infof("CLAG8054: demo deployed again on node %s", name);
    }

    private void closeLoader() {
        URLClassLoader loader = webAppLoader;
        webAppLoader = null;
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                // its jars are temp files removed on close anyway
            }
        }
    }

    @Override
    public synchronized void close() {
        stop();
        state = State.STOPPED;
        NodeThreads.unregister(name);
        TempFiles.deleteQuietly(baseDir);
    }
}
