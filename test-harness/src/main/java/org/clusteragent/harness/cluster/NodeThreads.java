package org.clusteragent.harness.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tells which JVM threads work for which node of the local cluster. All nodes share one JVM, so the
 * process CPU says nothing about one node; a thread belongs to a node when its name starts with the
 * node's thread prefix (the container's request threads) or when its context class loader is the
 * node's current web-app class loader (threads the demo starts while serving a request inherit it).
 * Registered by the nodes, read by {@link NodeCpuMetric}. Thread-safe.
 */
public final class NodeThreads {

    private record Owner(String threadPrefix, Supplier<ClassLoader> webAppLoader) {
    }

    private static final Map<String, Owner> OWNERS = new ConcurrentHashMap<>();

    private NodeThreads() {
    }

    /** Registers (or replaces) a node; {@code webAppLoader} may return null while nothing is deployed. */
    static void register(String node, String threadPrefix, Supplier<ClassLoader> webAppLoader) {
        OWNERS.put(node, new Owner(Objects.requireNonNull(threadPrefix), Objects.requireNonNull(webAppLoader)));
    }

    static void unregister(String node) {
        OWNERS.remove(node);
    }

    /** True when {@code node} is registered. */
    static boolean known(String node) {
        return OWNERS.containsKey(node);
    }

    /** True when {@code thread} works for {@code node}. */
    static boolean belongs(String node, Thread thread) {
        Owner owner = OWNERS.get(node);
        if (owner == null) {
            return false;
        }
        if (thread.getName().startsWith(owner.threadPrefix())) {
            return true;
        }
        ClassLoader loader = owner.webAppLoader().get();
        return loader != null && thread.getContextClassLoader() == loader;
    }

    /** Every live thread of the JVM. */
    static Thread[] allThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 32];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        Thread[] result = new Thread[n];
        System.arraycopy(threads, 0, result, 0, n);
        return result;
    }
}
