package org.clusteragent.boot;

import io.undertow.Undertow;
import org.clusteragent.undertow.UndertowClusterAgent;

/**
 * Boot 3.5's embedded Undertow as a node: the deployment was prepared by
 * {@link UndertowDeployments} and started by Boot; this attaches the started server (its listeners
 * are the node's connectors) and registers, and on stop drains and leaves without stopping
 * Undertow, which Boot's own lifecycle stops afterwards. Thread-safe (the agent is).
 */
final class UndertowNode implements BootNode {

    private final UndertowClusterAgent agent;
    private final Undertow undertow;

    UndertowNode(UndertowClusterAgent agent, Undertow undertow) {
        this.agent = agent;
        this.undertow = undertow;
    }

    @Override
    public void start() {
        agent.attach(undertow).start();
    }

    @Override
    public void stop() {
        agent.stop();
    }

    @Override
    public boolean isRunning() {
        return agent.isRunning();
    }

    @Override
    public String toString() {
        return "Undertow " + agent.jvmRoute().orElse("");
    }
}
