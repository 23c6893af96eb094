package org.clusteragent.harness;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What Undertow's balancer believes about one node at one moment, read from its own status tables
 * (not from MCMP replies): a snapshot, immutable, safe to share.
 *
 * @param jvmRoute the node's route (its name in the balancer)
 * @param uri      where the balancer sends the node's requests
 * @param status   Undertow's node status name: {@code NODE_UP}, {@code NODE_DOWN} (in error, e.g. no
 *                 STATUS yet or a failed health check) or {@code NODE_HOT_STANDBY}
 * @param load     the last load factor received in STATUS
 * @param elected  how many requests the balancer has routed to this node so far
 * @param contexts the node's contexts
 */
public record BalancerNode(String jvmRoute, URI uri, String status, int load, int elected,
                           List<ContextView> contexts) {

    public BalancerNode {
        contexts = List.copyOf(contexts);
    }

    /** One context of a node as the balancer sees it; {@code requests} counts requests in flight through it. */
    public record ContextView(String path, boolean enabled, boolean stopped, int requests) {
    }

    /** The context with this path, if the node has registered it. */
    public Optional<ContextView> context(String path) {
        return contexts.stream().filter(c -> c.path().equals(path)).findFirst();
    }

    /** Whether the balancer would route new requests for {@code path} to this node now. */
    public boolean routes(String path) {
        return "NODE_UP".equals(status) && context(path).map(c -> c.enabled() && !c.stopped()).orElse(false);
    }
}
