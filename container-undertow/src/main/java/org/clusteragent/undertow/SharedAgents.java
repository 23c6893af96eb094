package org.clusteragent.undertow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.clusteragent.core.ClusterAgent;
import org.clusteragent.spi.InvalidConfigurationException;
import org.jboss.logging.Logger;

/**
 * The agents of servlet-extension mode, one per distinct configuration in this class loader: a
 * deployment whose agent attributes equal those of a running one joins it (same node, one more
 * context); a different configuration gets its own agent and node, with a warning, since two nodes
 * usually mean a configuration mistake. An agent leaves the registry when its last deployment is
 * undeployed. Thread-safe (one lock).
 */
final class SharedAgents {

    private static final Logger LOG = Logger.getLogger(SharedAgents.class);
    private static final Map<Map<String, String>, NodeAgent> AGENTS = new HashMap<>();

    private SharedAgents() {
    }

    /**
     * The node this deployment joins, created if needed.
     *
     * @throws InvalidConfigurationException listing every problem of the settings and the agent attributes
     */
    static synchronized NodeAgent join(ExtensionSettings settings, String deployment) {
        Map<String, String> key = settings.agentKey();
        NodeAgent existing = AGENTS.get(key);
        if (existing != null) {
            LOG.infof("CLAG7004: deployment %s joins the running cluster agent of %s", deployment,
                    existing.engine().deployments());
            return existing;
        }
        List<String> problems = new ArrayList<>(settings.problems());
        ClusterAgent agent = null;
        try {
            agent = ClusterAgent.create(settings.agentProperties());
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            if (agent != null) {
                agent.shutdown();
            }
            throw new InvalidConfigurationException(problems);
        }
        if (!AGENTS.isEmpty()) {
            LOG.warnf("CLAG7005: deployment %s gets a cluster agent (and node) of its own, because its clusteragent"
                    + " properties differ from those of the deployments %s; give every deployment the same"
                    + " properties to make them one node", deployment, deploymentsOfAll());
        }
        UndertowEngine engine = new UndertowEngine("undertow");
        engine.useConnector(new ConfiguredConnector(settings.connectorAddress(), settings.connectorPort(),
                settings.connectorType(), engine::worker));
        NodeAgent node = new NodeAgent(engine, agent, agent.config().drain().timeout(), true, SharedAgents::emptied);
        AGENTS.put(key, node);
        LOG.infof("CLAG7012: deployment %s starts a cluster agent configured from %s", deployment, settings.sources());
        return node;
    }

    /** Every node of this mode, for diagnostics and tests. */
    static synchronized List<NodeAgent> nodes() {
        return List.copyOf(AGENTS.values());
    }

    /** Stops and forgets every node, whatever is still deployed (for tests). */
    static synchronized void stopAll() {
        List<NodeAgent> all = List.copyOf(AGENTS.values());
        AGENTS.clear();
        all.forEach(NodeAgent::stop);
    }

    private static synchronized void emptied(NodeAgent node) {
        AGENTS.values().remove(node);
    }

    private static List<String> deploymentsOfAll() {
        List<String> names = new ArrayList<>();
        AGENTS.values().forEach(n -> n.engine().deployments().forEach(d -> names.add(d.name())));
        return names;
    }
}
