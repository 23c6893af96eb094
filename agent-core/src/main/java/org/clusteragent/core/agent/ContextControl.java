package org.clusteragent.core.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.Host;

/**
 * Changes the desired state of contexts and tells every proxy, each change and its announcement
 * as one step per node (see {@link NodeModel#announce}): a context that starts or goes, and the
 * operations an operator runs (enable, disable or stop one context or all, drain all). Thread-safe.
 */
public final class ContextControl {

    private final Supplier<List<NodeModel>> nodes;
    private final Drainer drainer;
    private final Drainer.Broadcaster proxies;

    public ContextControl(Supplier<List<NodeModel>> nodes, Drainer drainer, Drainer.Broadcaster proxies) {
        this.nodes = nodes;
        this.drainer = drainer;
        this.proxies = proxies;
    }

    /** A context of {@code node} started: record {@code state} and announce it. */
    public void started(NodeModel node, Context context, AppState state) {
        NodeModel.DesiredContext entry = node.announce(() -> {
            NodeModel.DesiredContext e = node.put(context, state);
            proxies.broadcast(AppRequest.of(state.command(), node.jvmRoute(), e.aliases(), context.path()));
            return e;
        });
        AgentLog.contextServed(node.jvmRoute(), entry.toString(), state);
    }

    /** A context of {@code node} went away: forget it and send REMOVE-APP. */
    public void removed(NodeModel node, Context context) {
        Optional<NodeModel.DesiredContext> removed = node.announce(() -> node.remove(context.host().name(), context.path())
                .map(entry -> {
                    proxies.broadcast(AppRequest.of(McmpCommand.REMOVE_APP, node.jvmRoute(), entry.aliases(), context.path()));
                    return entry;
                }));
        removed.ifPresent(entry -> AgentLog.contextRemoved(node.jvmRoute(), entry.toString()));
    }

    /** Sets every context of every node to {@code state} (ENABLED or DISABLED) on every proxy. */
    public void setAll(AppState state) {
        for (NodeModel node : nodes.get()) {
            node.announce(() -> {
                for (NodeModel.DesiredContext c : node.contexts()) {
                    node.update(c.host(), c.path(), state);
                }
                return proxies.broadcast(AppRequest.nodeWide(state.command(), node.jvmRoute()));
            });
        }
    }

    /** Sets one context (host name, servlet path) to {@code state}; false when it is not known. */
    public boolean set(String host, String path, AppState state) {
        boolean found = false;
        for (NodeModel node : nodes.get()) {
            Optional<NodeModel.DesiredContext> entry = node.announce(() -> {
                Optional<NodeModel.DesiredContext> updated = node.update(host, path, state);
                updated.ifPresent(e -> proxies.broadcast(AppRequest.of(state.command(), node.jvmRoute(), e.aliases(), path)));
                return updated;
            });
            found |= entry.isPresent();
        }
        return found;
    }

    /** Drains every known context of every node side by side, on one thread; true when all drained in time. */
    public boolean drainAll(Optional<Duration> timeout) {
        List<Drainer.Target> targets = new ArrayList<>();
        for (NodeModel node : nodes.get()) {
            for (Host host : node.engine().hosts()) {
                for (Context context : host.contexts()) {
                    if (node.get(host.name(), context.path()).isPresent()) {
                        targets.add(new Drainer.Target(node, context));
                    }
                }
            }
        }
        return drainer.drainAll(targets, timeout).stream().allMatch(Drainer.Outcome::completed);
    }
}
