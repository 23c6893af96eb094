package org.clusteragent.undertow;

import jakarta.servlet.ServletContext;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import org.clusteragent.spi.InvalidConfigurationException;
import org.jboss.logging.Logger;

/**
 * The Undertow servlet extension (registered in {@code META-INF/services/io.undertow.servlet.ServletExtension})
 * that makes every servlet deployment that can see this jar join the cluster, without code: it is
 * configured by {@code clusteragent.*} init parameters, a {@code clusteragent.properties} resource or
 * a file named by {@value ExtensionSettings#FILE_PROPERTY} (see {@link ExtensionSettings}), and all
 * deployments with the same configuration share one agent and one node. The node registers when its
 * first deployment has started and leaves when its last one is undeployed.
 *
 * <p>It cannot see the Undertow server: the connector is what {@code connectorPort} (required),
 * {@code connectorAddress} and {@code connectorType} say, and request threads are read from the XNIO
 * worker once a request has gone through. Deployments set up by an {@link UndertowClusterAgent}, or
 * with {@code clusteragent.enabled=false}, are left alone. With a bad configuration every problem is
 * logged as its own error and the deployment runs unclustered. Stateless; thread-safe.
 */
public final class ClusterAgentServletExtension implements ServletExtension {

    private static final Logger LOG = Logger.getLogger(ClusterAgentServletExtension.class);

    /** Instantiated by Undertow through ServiceLoader. */
    public ClusterAgentServletExtension() {
    }

    @Override
    public void handleDeployment(DeploymentInfo info, ServletContext servletContext) {
        if (BoundExtension.isBound(info)) {
            return;
        }
        ExtensionSettings settings = ExtensionSettings.of(info);
        if (!settings.enabled()) {
            LOG.debugf("CLAG7010: clusteragent is disabled for deployment %s", info.getDeploymentName());
            return;
        }
        NodeAgent node;
        try {
            node = SharedAgents.join(settings, info.getDeploymentName());
        } catch (InvalidConfigurationException e) {
            for (String problem : e.problems()) {
                LOG.errorf("CLAG7001: invalid clusteragent property of deployment %s: %s", info.getDeploymentName(),
                        problem);
            }
            LOG.errorf("CLAG7002: deployment %s is not registered with any proxy because of the %d configuration"
                    + " problem(s) above (configuration read from %s); it runs unclustered until they are fixed"
                    + " and it is redeployed", info.getDeploymentName(), e.problems().size(), settings.sources());
            return;
        }
        DeploymentInstaller.install(info, servletContext, node, settings.placement());
    }
}
