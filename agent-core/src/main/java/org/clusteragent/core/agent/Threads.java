package org.clusteragent.core.agent;

import java.util.ArrayList;
import java.util.List;
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

    /** Runs the tasks on their own threads and returns when every one has finished. */
    public static void runInParallel(String prefix, List<Runnable> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        ThreadFactory factory = named(prefix);
        List<Thread> threads = new ArrayList<>();
        for (Runnable task : tasks) {
            Thread t = factory.newThread(task);
            threads.add(t);
            t.start();
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
