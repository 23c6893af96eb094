package org.clusteragent.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.clusteragent.core.ClusterAgent;
import org.clusteragent.core.agent.NodeModel;
import org.clusteragent.core.proxy.ProxySnapshot;
import org.clusteragent.core.proxy.ProxyState;
import org.clusteragent.spi.Connector;

/**
 * What the health contributor and the endpoint show of a running agent, as plain maps and lists
 * (which Actuator writes as JSON): the nodes with their connector, contexts and load explanation,
 * and the proxies with their state and counters. Stateless.
 */
final class AgentReport {

    private AgentReport() {
    }

    /** Every node the agent announces (one per engine). */
    static List<Map<String, Object>> nodes(ClusterAgent agent) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (NodeModel node : agent.nodes()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("jvmRoute", node.jvmRoute());
            n.put("connector", connector(node.connector()));
            n.put("load", node.lastLoad());
            n.put("loadExplanation", agent.loadProvider().explain(node.engine()).describe());
            List<Map<String, Object>> contexts = new ArrayList<>();
            for (NodeModel.DesiredContext c : node.contexts()) {
                Map<String, Object> context = new LinkedHashMap<>();
                context.put("host", c.host());
                context.put("path", c.mcmpPath());
                context.put("aliases", c.aliases());
                context.put("state", c.state().name());
                contexts.add(context);
            }
            n.put("contexts", contexts);
            nodes.add(n);
        }
        return nodes;
    }

    /** Every proxy with its state, counters and last error. */
    static List<Map<String, Object>> proxies(ClusterAgent agent) {
        List<Map<String, Object>> proxies = new ArrayList<>();
        for (ProxySnapshot p : agent.proxies()) {
            Map<String, Object> proxy = new LinkedHashMap<>();
            proxy.put("address", p.address().toString());
            proxy.put("state", p.state().name());
            proxy.put("failures", p.failures());
            proxy.put("restarts", p.idChanges());
            proxy.put("dropped", p.dropped());
            proxy.put("lastError", p.lastError());
            proxies.add(proxy);
        }
        return proxies;
    }

    /** Whether at least one proxy answered the agent's last exchange. */
    static boolean anyProxyReachable(ClusterAgent agent) {
        return agent.proxies().stream().anyMatch(p -> p.state() == ProxyState.OK);
    }

    private static String connector(Connector c) {
        return c.type().mcmpName() + "://" + c.address().map(a -> a.getHostAddress()).orElse("*") + ":" + c.port();
    }
}
