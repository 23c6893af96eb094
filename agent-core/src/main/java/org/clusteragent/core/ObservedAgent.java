package org.clusteragent.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.clusteragent.core.agent.NodeModel;
import org.clusteragent.core.proxy.ProxySnapshot;
import org.clusteragent.spi.AgentView;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadFactorProvider;
import org.clusteragent.spi.ProxyAddress;

/** What observers may read of a running {@link ClusterAgent}: live, read-only, thread-safe. */
final class ObservedAgent implements AgentView {

    private final ClusterAgent agent;

    ObservedAgent(ClusterAgent agent) {
        this.agent = agent;
    }

    @Override
    public Map<String, Engine> nodes() {
        Map<String, Engine> result = new LinkedHashMap<>();
        for (NodeModel node : agent.nodes()) {
            result.put(node.jvmRoute(), node.engine());
        }
        return result;
    }

    @Override
    public LoadFactorProvider loadProvider() {
        return agent.loadProvider();
    }

    @Override
    public Map<ProxyAddress, String> proxyStates() {
        Map<ProxyAddress, String> result = new LinkedHashMap<>();
        for (ProxySnapshot snapshot : agent.proxies()) {
            result.put(snapshot.address(), snapshot.state().name());
        }
        return result;
    }
}
