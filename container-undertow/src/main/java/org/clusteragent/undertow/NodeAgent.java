package org.clusteragent.undertow;

import java.time.Duration;
import java.util.Optional;

import org.clusteragent.spi.ContainerEventHandler;
import org.jboss.logging.Logger;

/**
 * Turns what happens to one Undertow node and its deployments into {@link ContainerEventHandler}
 * calls, in the order the handler expects, and only while the node is registered: deployment start
 * → {@code add}+{@code start(context)}, deployment stop → {@code stop(context)} (blocking while it
 * drains), undeploy → {@code remove}; node start/stop → {@code start(server)}/{@code stop(server)}.
 * After the agent's drain of a deployment, Undertow's graceful shutdown handler of that deployment
 * holds back stragglers and is waited for, with the same bound, whether or not the node is
 * registered.
 *
 * <p>In servlet-extension mode ({@code followDeployments}) the node registers with its first started
 * deployment and leaves with its last undeployed one. A failure inside the handler is logged and
 * never breaks Undertow's own deploy or undeploy. Thread-safe; node start and stop are serialised.
 */
final class NodeAgent {

    private static final Logger LOG = Logger.getLogger(NodeAgent.class);

    /** Called once the last deployment of a self-managed node is gone. */
    interface Emptied {
        void emptied(NodeAgent node);
    }

    private final UndertowEngine engine;
    private final ContainerEventHandler handler;
    private final Optional<Duration> drainTimeout;
    private final boolean followDeployments;
    private final Emptied emptied;
    private volatile boolean running;

    NodeAgent(UndertowEngine engine, ContainerEventHandler handler, Optional<Duration> drainTimeout,
              boolean followDeployments, Emptied emptied) {
        this.engine = engine;
        this.handler = handler;
        this.drainTimeout = drainTimeout;
        this.followDeployments = followDeployments;
        this.emptied = emptied;
    }

    UndertowEngine engine() {
        return engine;
    }

    ContainerEventHandler handler() {
        return handler;
    }

    Optional<Duration> drainTimeout() {
        return drainTimeout;
    }

    boolean isRunning() {
        return running;
    }

    /**
     * Registers the node and every started deployment.
     *
     * @throws org.clusteragent.spi.InvalidConfigurationException when no connector can be chosen
     */
    synchronized void start() {
        if (running) {
            return;
        }
        handler.init(engine);
        handler.start(engine);
        running = true;
        LOG.infof("CLAG7000: cluster agent started for %s with deployments %s", engine, engine.deployments());
    }

    /** Drains every deployment, then removes the node from every proxy and releases the agent's threads. */
    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        call("stop(server)", () -> handler.stop(engine));
        call("shutdown", handler::shutdown);
        LOG.infof("CLAG7006: cluster agent stopped for %s", engine);
    }

    /** Shuts every deployment's graceful handler and waits for them: the last step before the server stops. */
    void closeDeployments() {
        for (DeploymentContext d : engine.deployments()) {
            closeOne(d);
        }
    }

    void deployed(DeploymentContext deployment) {
        engine.add(deployment);
    }

    void started(DeploymentContext deployment) {
        deployment.counter().reopen();
        deployment.started(true);
        if (running) {
            call("start(" + deployment.name() + ")", () -> {
                handler.add(deployment);
                handler.start(deployment);
            });
        } else if (followDeployments) {
            call("start(server)", this::start);
        }
    }

    void stopping(DeploymentContext deployment) {
        if (running) {
            call("stop(" + deployment.name() + ")", () -> handler.stop(deployment));
        }
        deployment.started(false);
        closeOne(deployment);
    }

    void undeployed(DeploymentContext deployment) {
        deployment.started(false);
        engine.remove(deployment);
        if (running) {
            call("remove(" + deployment.name() + ")", () -> handler.remove(deployment));
        }
        if (followDeployments && engine.deployments().isEmpty()) {
            stop();
            emptied.emptied(this);
        }
    }

    private void closeOne(DeploymentContext deployment) {
        if (!deployment.counter().shutDown(drainTimeout)) {
            LOG.warnf("CLAG7008: %s still had %d request(s) running when the stop timeout of %s ran out",
                    deployment, deployment.activeRequests(), drainTimeout.map(Duration::toString).orElse("-"));
        }
    }

    /** A failure inside the agent must never break Undertow's deploy or undeploy: log it and go on. */
    private static void call(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "CLAG7003: the cluster agent failed in %s", what);
        }
    }
}
