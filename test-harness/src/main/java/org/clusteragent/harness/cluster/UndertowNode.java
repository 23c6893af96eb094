package org.clusteragent.harness.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Set;

import jakarta.servlet.ServletContainerInitializer;

import org.clusteragent.undertow.UndertowClusterAgent;
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
 * {@link NodeCpuMetric} can find them. Its life is {@link ContainerNode}'s.
 */
final class UndertowNode extends ContainerNode {

    private final Path unpacked;
    private volatile URLClassLoader webAppLoader;
    private XnioWorker worker;
    private UndertowClusterAgent agent;
    private PathHandler paths;
    private DeploymentManager demo;
    private int deployments;

    UndertowNode(String name, ClusterSettings settings) throws IOException {
        super(name, "undertow", "Undertow", settings);
        this.unpacked = baseDir.resolve("demo");
        WarFiles.unpack(settings.war(), unpacked);
        registerThreads();
    }

    static String threadPrefix(String node) {
        return "node-" + node + " "; // XNIO names its threads "<worker name> task-N" / "I/O-N"
    }

    @Override
    protected String threadPrefix() {
        return threadPrefix(name());
    }

    @Override
    protected ClassLoader webAppLoader() {
        return webAppLoader;
    }

    @Override
    protected int startContainer() throws IOException {
        try {
            worker = Xnio.getInstance().createWorker(OptionMap.builder()
                    .set(Options.WORKER_NAME, threadPrefix(name()).strip())
                    .set(Options.THREAD_DAEMON, true)
                    .set(Options.WORKER_IO_THREADS, 1)
                    .set(Options.WORKER_TASK_CORE_THREADS, 4)
                    .set(Options.WORKER_TASK_MAX_THREADS, 40).getMap());
            agent = UndertowClusterAgent.builder().properties(AgentProperties.of(settings, name()))
                    .engineName(name()).registerMBean(false).build();
            paths = Handlers.path();
            Undertow server = Undertow.builder().setWorker(worker)
                    .addHttpListener(port(), ClusterSettings.LOOPBACK).setHandler(paths).build();
            demo = agent.deploy(deployment(), paths);
            agent.start(server);
            return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        } catch (IOException | RuntimeException e) {
            release(true);
            throw e;
        }
    }

    private DeploymentInfo deployment() throws IOException {
        closeLoader();
        URLClassLoader loader = WarFiles.classLoader(unpacked, "demo@" + name(), UndertowNode.class.getClassLoader());
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(loader)
                .setContextPath(ClusterSettings.DEMO_PATH)
                .setDeploymentName("demo-" + name() + "-" + (++deployments))
                .setResourceManager(new PathResourceManager(unpacked))
                .addInitParameter("demo.node", name());
        for (ServletContainerInitializer sci : WarFiles.initializers(loader)) {
            info.addServletContainerInitializer(new ServletContainerInitializerInfo(sci.getClass(),
                    new ImmediateInstanceFactory<>(sci), Set.of()));
        }
        webAppLoader = loader;
        return info;
    }

    @Override
    protected void stopContainer() {
        release(false);
    }

    @Override
    protected void releaseContainer() {
        release(false);
    }

    /**
     * Drains and stops (the agent stops the server it started), then ends the worker's threads.
     * After a failed start the demo may be deployed on a server that never started: undeploy it.
     */
    private void release(boolean failedStart) {
        if (agent != null) {
            try {
                if (demo != null && failedStart) {
                    agent.undeploy(demo);
                }
                agent.stop();
            } finally {
                agent = null;
                demo = null;
                if (worker != null) {
                    worker.shutdownNow();
                    worker = null;
                }
                closeLoader();
            }
        }
        demo = null;
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
        closeLoader();
    }

    @Override
    protected void undeployDemo() {
        agent.undeploy(demo); // drains first
        demo = null;
        closeLoader();
    }

    @Override
    protected void deployDemo() throws IOException {
        demo = agent.deploy(deployment(), paths);
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
}
