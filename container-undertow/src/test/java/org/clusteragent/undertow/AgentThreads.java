package org.clusteragent.undertow;

import java.util.List;

/** Finds the agent's own threads (not the fake proxy's), to check that a stop leaves none. */
final class AgentThreads {

    private AgentThreads() {
    }

    static List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("clusteragent-") && !n.startsWith("clusteragent-fakeproxy"))
                .toList();
    }

    /** Waits (generously) for the agent's threads to end; returns those still alive. */
    static List<String> awaitNone() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> alive = alive();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            alive = alive();
        }
        return alive;
    }
}
