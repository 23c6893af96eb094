package org.clusteragent.undertow;

import java.io.IOException;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An unmapped servlet whose only job is to hear when its deployment has started and when it begins
 * to stop. Plain Undertow has no deployment lifecycle events: a servlet that loads last on startup
 * is initialised at the very end of {@code DeploymentManager.start()}, and, being registered before
 * every other servlet of the deployment, it is the first to be destroyed by
 * {@code DeploymentManager.stop()}, while the rest of the deployment and its sessions still work, so
 * a drain in {@link #destroy()} loses no request. Never serves a request (it has no mapping).
 */
final class LifecycleServlet extends GenericServlet {

    private static final long serialVersionUID = 1L;

    static final String NAME = "org.clusteragent.undertow.lifecycle";

    private final transient NodeAgent node;
    private final transient DeploymentContext deployment;

    LifecycleServlet(NodeAgent node, DeploymentContext deployment) {
        this.node = node;
        this.deployment = deployment;
    }

    @Override
    public void init() {
        node.started(deployment);
    }

    @Override
    public void destroy() {
        node.stopping(deployment);
    }

    @Override
    public void service(ServletRequest req, ServletResponse res) throws IOException {
        if (res instanceof HttpServletResponse http) {
            http.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
