package org.clusteragent.harness;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.clusteragent.spi.ProxyAddress;

/**
 * A real load-balancing proxy run by the tests: Undertow's mod_cluster balancer
 * ({@link UndertowBalancer}) or Apache httpd with mod_proxy_cluster ({@link HttpdBalancer}). What a
 * scenario needs from either: where agents send MCMP, where clients send requests, the proxy's own
 * view of its nodes, and a full restart that forgets every node and comes back on the same ports.
 * Implementations are thread-safe; {@link #close()} stops everything they started.
 */
public interface RealProxy extends AutoCloseable {

    /** A short name for test display names and printed figures: {@code httpd} or {@code undertow}. */
    String kind();

    /** Starts the proxy; ports chosen at the first start are kept by later ones. */
    RealProxy start();

    /** Stops the proxy; it forgets every node. Idempotent. */
    void stop();

    /** Stops and starts again on the same ports, like a process restart: every node is forgotten. */
    void restart();

    boolean isRunning();

    /** The MCMP port (bound once started). */
    int mcmpPort();

    /** The port clients send requests to (bound once started). */
    int proxyPort();

    /** Where agents send MCMP, as the agent's proxy address. */
    ProxyAddress mcmpAddress();

    /** The URI of {@code path} (starting with /) through the proxy. */
    URI proxyUri(String path);

    /** The proxy's own view of every node it knows; empty when not running. */
    List<BalancerNode> nodes();

    /** The proxy's view of one node, if it knows it. */
    default Optional<BalancerNode> node(String jvmRoute) {
        return nodes().stream().filter(n -> n.jvmRoute().equals(jvmRoute)).findFirst();
    }

    /**
     * Waits until the proxy's view of {@code jvmRoute} satisfies {@code condition}, polling every 10 ms.
     *
     * @return the node view that matched, or empty on timeout
     */
    default Optional<BalancerNode> awaitNode(String jvmRoute, Predicate<BalancerNode> condition, Duration timeout)
            throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<BalancerNode> node = node(jvmRoute).filter(condition);
            if (node.isPresent()) {
                return node;
            }
            Thread.sleep(10);
        } while (System.nanoTime() - deadline < 0);
        return Optional.empty();
    }

    @Override
    void close();
}
