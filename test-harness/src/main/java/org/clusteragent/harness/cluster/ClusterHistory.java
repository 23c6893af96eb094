package org.clusteragent.harness.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.clusteragent.harness.BalancerNode;

/**
 * The last few minutes of the cluster, one {@link Sample} per sampling tick, for the live page's
 * charts. A sample joins three views of each node: the node's own state, what the balancer believes
 * (status, load factor, whether it routes the demo) and what the load driver counted. Bounded: the
 * oldest samples are dropped. Thread-safe.
 */
public final class ClusterHistory {

    /**
     * One node at one tick.
     *
     * @param state       the node's own state (RUNNING, STOPPED, …)
     * @param kind        tomcat or undertow
     * @param port        the node's own HTTP port
     * @param balancer    the balancer's status of the node (NODE_UP, NODE_DOWN, …), or "unknown"
     * @param loadFactor  the load factor the balancer has (1..100, 100 = idle), -1 when unknown
     * @param routed      whether the balancer routes new /demo requests to it
     * @param requests    requests it answered so far (cumulative)
     * @param newSessions sessions it created so far (cumulative)
     * @param requestRate requests per second it answered since the previous tick
     * @param sessionRate new sessions per second since the previous tick
     */
    public record NodeSample(String state, String kind, int port, String balancer, int loadFactor, boolean routed,
                             long requests, long newSessions, double requestRate, double sessionRate) {
    }

    /** Every node at one tick (in node order), plus the failed requests so far. */
    public record Sample(long epochMillis, Map<String, NodeSample> nodes, long failures, String lastFailure,
                         int clients) {
    }

    private final int capacity;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    public ClusterHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Makes and records the sample of this tick. */
    Sample record(long epochMillis, List<ClusterNode> nodes, List<BalancerNode> balancerView,
                  LoadStats.Snapshot counts, int clients) {
        Sample previous = latest().orElse(null);
        double seconds = previous == null ? 0 : (epochMillis - previous.epochMillis()) / 1000.0;
        Map<String, NodeSample> byNode = new LinkedHashMap<>();
        for (ClusterNode node : nodes) {
            Optional<BalancerNode> seen = balancerView.stream()
                    .filter(b -> b.jvmRoute().equals(node.name())).findFirst();
            long requests = counts.requests().getOrDefault(node.name(), 0L);
            long sessions = counts.newSessions().getOrDefault(node.name(), 0L);
            NodeSample before = previous == null ? null : previous.nodes().get(node.name());
            byNode.put(node.name(), new NodeSample(node.state().name(), node.kind(), node.port(),
                    seen.map(BalancerNode::status).orElse("unknown"),
                    seen.map(BalancerNode::load).orElse(-1),
                    seen.map(b -> b.routes(ClusterSettings.DEMO_PATH)).orElse(false),
                    requests, sessions,
                    rate(requests, before == null ? requests : before.requests(), seconds),
                    rate(sessions, before == null ? sessions : before.newSessions(), seconds)));
        }
        Sample sample = new Sample(epochMillis, Collections.unmodifiableMap(byNode), counts.failures(),
                counts.lastFailure(), clients);
        synchronized (samples) {
            samples.addLast(sample);
            while (samples.size() > capacity) {
                samples.removeFirst();
            }
        }
        return sample;
    }

    private static double rate(long now, long before, double seconds) {
        return seconds <= 0 ? 0 : Math.max(0, now - before) / seconds;
    }

    public Optional<Sample> latest() {
        synchronized (samples) {
            return Optional.ofNullable(samples.peekLast());
        }
    }

    /** The recorded samples, oldest first; a copy. */
    public List<Sample> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }
}
