package org.clusteragent.undertow;

import java.io.PrintStream;

/**
 * Makes a stop that runs in a JVM shutdown hook visible. By then the JDK's logging has usually been
 * reset by its own hook (no handler is left, so the agent's log lines vanish), and a drain can take
 * up to {@code stopContextTimeout}: without a word the application seems to hang. So when the JVM
 * is shutting down, the stop also writes two plain lines to standard error (CLAG7100 before the
 * drain, CLAG7101 after it), which no logging configuration can swallow. Stateless.
 */
final class ShutdownNotice {

    private ShutdownNotice() {
    }

    /** True while the JVM runs its shutdown hooks (a hook can no longer be added then). */
    static boolean jvmIsShuttingDown() {
        Thread probe = new Thread(() -> { }, "clusteragent-shutdown-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    static void stopping(PrintStream err, String node, String timeout) {
        err.println("CLAG7100: clusteragent: the JVM is shutting down; node " + node + " drains (at most "
                + timeout + " per context, stopContextTimeout) and leaves the proxies before Undertow stops");
        err.flush();
    }

    static void stopped(PrintStream err, String node, long millis) {
        err.println("CLAG7101: clusteragent: node " + node + " left the proxies and stopped in " + millis + " ms");
        err.flush();
    }
}
