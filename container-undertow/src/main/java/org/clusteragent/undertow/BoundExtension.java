package org.clusteragent.undertow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.ServletContext;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;

/**
 * The servlet extension that {@link UndertowClusterAgent#prepare} adds to a {@code DeploymentInfo}:
 * when Undertow deploys it, the deployment is hooked into that agent's node, on the host the
 * builder configured for the deployment's host name (else the agent's default host). Recognised by
 * class name, so the service-loaded {@link ClusterAgentServletExtension} leaves such deployments
 * alone even across class loaders. Thread-safe.
 */
final class BoundExtension implements ServletExtension {

    private final NodeAgent node;
    private final List<HostSpec> hosts;

    /** A configured virtual host: its name and aliases. */
    record HostSpec(String name, List<String> aliases) {
        HostSpec {
            aliases = List.copyOf(aliases);
        }
    }

    BoundExtension(NodeAgent node, List<HostSpec> hosts) {
        this.node = node;
        this.hosts = List.copyOf(hosts);
    }

    @Override
    public void handleDeployment(DeploymentInfo info, ServletContext servletContext) {
        HostSpec host = hosts.stream().filter(h -> h.name().equals(info.getHostName())).findFirst()
                .orElse(hosts.get(0));
        DeploymentInstaller.install(info, servletContext, node,
                new DeploymentInstaller.Placement(host.name(), host.aliases(), distributable(info.getInitParameters())));
    }

    static boolean isBound(DeploymentInfo info) {
        String mine = BoundExtension.class.getName();
        return info.getServletExtensions().stream().anyMatch(e -> e.getClass().getName().equals(mine));
    }

    boolean boundTo(DeploymentInfo info) {
        return info.getServletExtensions().contains(this);
    }

    private static Optional<Boolean> distributable(Map<String, String> initParameters) {
        String value = initParameters.get(ExtensionSettings.PREFIX + "distributable");
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Boolean.parseBoolean(value.trim()));
    }
}
