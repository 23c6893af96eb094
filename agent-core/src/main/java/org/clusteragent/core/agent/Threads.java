package org.clusteragent.core.agent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way the agent makes threads: named {@code clusteragent-…} and daemon, so an operator can
 * tell them apart in a thread dump and they never keep a JVM alive. Stateless.
 */
public final class Threads {

    private Threads() {
    }

    /** A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, … */
    public static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
