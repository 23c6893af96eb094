package org.clusteragent.undertow;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import io.undertow.server.session.SecureRandomSessionIdGenerator;
import io.undertow.server.session.SessionIdGenerator;
import io.undertow.servlet.api.Deployment;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.core.DeploymentImpl;
import io.undertow.servlet.spec.ServletContextImpl;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import org.jboss.logging.Logger;

/**
 * Hooks one servlet deployment, while Undertow deploys it (from a {@code ServletExtension}), into a
 * {@link NodeAgent}: the in-flight counter and graceful shutdown handler in front of its handler
 * chain, route-suffixed session ids, a deployment-complete listener for deploy and undeploy, and the
 * {@link LifecycleServlet} for start and stop. Works on the copy of the {@code DeploymentInfo} that
 * Undertow hands to extensions, so the user's own {@code DeploymentInfo} is left as it was.
 * Stateless.
 */
final class DeploymentInstaller {

    private static final Logger LOG = Logger.getLogger(DeploymentInstaller.class);

    /** Per-deployment choices: the virtual host and, when the deployment says, distributable. */
    record Placement(String hostName, List<String> aliases, Optional<Boolean> distributable) {
    }

    private DeploymentInstaller() {
    }

    static DeploymentContext install(DeploymentInfo info, ServletContext servletContext, NodeAgent node,
                                     Placement placement) {
        UndertowEngine engine = node.engine();
        ServletContextImpl context = (ServletContextImpl) servletContext;
        UndertowHost host = engine.host(placement.hostName(), placement.aliases());
        InFlightCounter counter = new InFlightCounter(engine);
        DeploymentContext deployment = new DeploymentContext(info.getDeploymentName(),
                ContextPaths.servletPath(info.getContextPath()), host, context, counter, placement.distributable());

        info.addInitialHandlerChainWrapper(counter);
        SessionIdGenerator ids = info.getSessionIdGenerator();
        info.setSessionIdGenerator(new RoutedSessionIds(ids != null ? ids : new SecureRandomSessionIdGenerator(), engine));
        info.addDeploymentCompleteListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                node.deployed(deployment);
            }

            @Override
            public void contextDestroyed(ServletContextEvent event) {
                node.undeployed(deployment);
            }
        });
        ServletInfo servlet = new ServletInfo(LifecycleServlet.NAME, LifecycleServlet.class,
                new ImmediateInstanceFactory<>(new LifecycleServlet(node, deployment)))
                .setLoadOnStartup(Integer.MAX_VALUE);
        Deployment live = context.getDeployment();
        if (live instanceof DeploymentImpl impl) {
            // Added now, before Undertow creates the deployment's own servlets, it is stopped first.
            impl.getServlets().addServlet(servlet);
        } else {
            info.addServlet(servlet);
            LOG.warnf("CLAG7007: deployment %s is not a standard Undertow deployment (%s): its drain may run after"
                    + " some of its servlets are already destroyed", info.getDeploymentName(), live);
        }
        return deployment;
    }
}
