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
 * (status, load factor, whether it routes the demo) and what the load driver counted. A node the
 * balancer has but the local cluster did not start (e.g. a Tomcat of the user's own pointed at the
 * balancer) is sampled too, as {@code external}. Bounded: the oldest samples are dropped. Thread-safe.
 */
public final class ClusterHistory {

    /**
     * One node at one tick.
     *
     * @param state       the node's own state (RUNNING, STOPPED, …), EXTERNAL for a node the local cluster did not start
     * @param kind        tomcat, undertow or external
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

    /** Every node at one tick (in node order, external ones last), plus the failed requests so far. */
    public record Sample(long epochMillis, Map<String, NodeSample> nodes, long failures, String lastFailure,
                         long lastFailureMillis, int clients) {
    }

    /** The state of a node the balancer has but the local cluster did not start. */
    public static final String EXTERNAL = "EXTERNAL";
    /** The balancer status of a node the balancer does not have (not registered, or removed). */
    public static final String UNKNOWN = "unknown";

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
            NodeSample before = previous == null ? null : previous.nodes().get(node.name());
            byNode.put(node.name(), sample(node.state().name(), node.kind(), node.port(), seen, counts, before,
                    node.name(), seconds));
        }
        for (BalancerNode b : balancerView) {
            if (!byNode.containsKey(b.jvmRoute())) {
                NodeSample before = previous == null ? null : previous.nodes().get(b.jvmRoute());
                byNode.put(b.jvmRoute(), sample(EXTERNAL, "external", b.uri() == null ? 0 : b.uri().getPort(),
                        Optional.of(b), counts, before, b.jvmRoute(), seconds));
            }
        }
        Sample sample = new Sample(epochMillis, Collections.unmodifiableMap(byNode), counts.failures(),
                counts.lastFailure(), counts.lastFailureMillis(), clients);
        synchronized (samples) {
            samples.addLast(sample);
            while (samples.size() > capacity) {
                samples.removeFirst();
            }
        }
        return sample;
    }

    private static NodeSample sample(String state, String kind, int port, Optional<BalancerNode> seen,
                                     LoadStats.Snapshot counts, NodeSample before, String name, double seconds) {
        long requests = counts.requests().getOrDefault(name, 0L);
        long sessions = counts.newSessions().getOrDefault(name, 0L);
        return new NodeSample(state, kind, port,
                seen.map(BalancerNode::status).orElse(UNKNOWN),
                seen.map(BalancerNode::load).orElse(-1),
                seen.map(b -> b.routes(ClusterSettings.DEMO_PATH)).orElse(false),
                requests, sessions,
                rate(requests, before == null ? requests : before.requests(), seconds),
                rate(sessions, before == null ? sessions : before.newSessions(), seconds));
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
