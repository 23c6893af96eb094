package org.clusteragent.core.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.clusteragent.core.config.AgentConfig;
import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.mcmp.PingRequest;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.core.proxy.ProxyLane;
import org.clusteragent.core.proxy.ProxyListener;
import org.clusteragent.core.proxy.ResyncReason;
import org.clusteragent.spi.ProxyAddress;

/**
 * Brings one proxy up to date from the desired state alone: for every node, CONFIG, then each
 * context's state command, then STATUS with the last load. Runs on the proxy's lane, so nothing
 * queued for that proxy overtakes it. A proxy that holds another node under the same jvmRoute
 * gets that node skipped and a loud log line. Its idle probes name every node, so a proxy that
 * forgot one without restarting says so ({@code MEM}) and is resynced. Thread-safe.
 */
public final class StateReplayer implements ProxyListener {

    private final Supplier<List<NodeModel>> nodes;
    private final AgentConfig config;

    private final Observers observers;

    private final LocalAddresses localAddresses;

    public StateReplayer(Supplier<List<NodeModel>> nodes, AgentConfig config, Observers observers) {
        this(nodes, config, observers, new LocalAddresses());
    }

    public StateReplayer(Supplier<List<NodeModel>> nodes, AgentConfig config, Observers observers,
                         LocalAddresses localAddresses) {
        this.localAddresses = localAddresses;
        this.nodes = nodes;
        this.config = config;
        this.observers = observers;
    }

    @Override
    public void replied(ProxyAddress proxy, McmpRequest request, McmpReply reply, long nanos) {
        observers.replied(proxy, request, reply, nanos);
    }

    @Override
    public void failed(ProxyAddress proxy, McmpRequest request, Exception cause) {
        observers.failed(proxy, request);
    }

    @Override
    public void restarted(ProxyAddress proxy) {
        observers.proxyRestarted(proxy);
    }

    @Override
    public List<McmpRequest> probes() {
        List<McmpRequest> probes = new ArrayList<>();
        for (NodeModel node : nodes.get()) {
            probes.add(PingRequest.node(node.jvmRoute()));
        }
        return probes;
    }

    @Override
    public void resync(ProxyLane lane, ResyncReason reason) throws IOException {
        int sent = 0;
        for (NodeModel node : nodes.get()) {
            McmpReply reply = lane.exchange(NodeConfigs.configFor(node, config, lane.address(), localAddresses));
            sent++;
            if (reply instanceof McmpReply.ErrorReply error && error.nodeConflict()) {
                AgentLog.nodeConflict(lane.address().toString(), node.jvmRoute(), error.message());
                continue;
            }
            for (NodeModel.DesiredContext c : node.contexts()) {
                lane.exchange(AppRequest.of(c.state().command(), node.jvmRoute(), c.aliases(), c.path()));
                sent++;
            }
            lane.exchange(new StatusRequest(node.jvmRoute(), node.lastLoad()));
            sent++;
        }
        if (sent > 0) {
            AgentLog.resync(lane.address().toString(), reason.name(), sent);
        }
    }
}
