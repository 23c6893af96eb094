package org.clusteragent.harness.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java … org.clusteragent.harness.cluster.LocalClusterMain [--option=value …]}: starts the
 * local cluster and keeps it running until Ctrl-C, which stops everything gracefully (the nodes
 * drain). Options (all optional): {@code --proxy-port=8000 --mcmp-port=6666 --ui-port=8080
 * --tomcat-nodes=2 --undertow-nodes=1 --clients=20 --session-seconds=10 --think-millis=200
 * --status-interval=1 --advertise-group=224.0.1.105 --advertise-port=23364
 * --security-key=local-cluster-key --drain-seconds=3 --war=../demo-war/target/demo.war
 * --balancer=undertow --agent-port-base=9700}, each explained
 * in {@code local-cluster-help.txt} ({@code --help}); the war
 * may also be given as system property {@code clusteragent.demoWar} (or {@code clusteragent.demo.war}).
 * Exit status 2 for a bad option or a port in use (one line saying which), 1 for any other start
 * failure.
 */
public final class LocalClusterMain {

    private LocalClusterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ClusterSettings settings;
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(usage());
            return;
        }
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local cluster: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(settings);
        } catch (PortInUseException e) {
            System.err.println("local cluster: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("local cluster: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("local cluster: could not start: " + e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Written to stdout: the JDK's logging may already be shut down by its own hook.
            Thread countdown = countdown(cluster, System.out);
            cluster.close();
            countdown.interrupt();
            System.out.println("local cluster: stopped");
            stopped.countDown();
        }, "clusteragent-local-cluster-shutdown"));
        System.out.println();
        System.out.println("  Local cluster running. Live page:  " + cluster.pageUri());
        System.out.println("  Demo through the balancer:        " + cluster.proxyUri("/hello"));
        System.out.println("  Press Ctrl-C to stop.");
        System.out.println();
        stopped.await();
    }

    /**
     * Says what the stop waits for, then once a second how long at most it may still take and which
     * nodes are still draining, until interrupted. A daemon thread, started here.
     */
    static Thread countdown(LocalCluster cluster, java.io.PrintStream out) {
        long drain = cluster.settings().drainTimeout().toSeconds();
        out.println("local cluster: stopping. Each node drains first: the balancer stops sending it new sessions"
                + " and requests, and its agent waits at most " + drain + " s (--drain-seconds) for the requests"
                + " and sessions it still has. Press Ctrl-C again to stop at once.");
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(drain + 1).toNanos();
            try {
                while (true) {
                    Thread.sleep(1000);
                    java.util.List<String> busy = cluster.nodes().stream()
                            .filter(n -> n.state() != ClusterNode.State.STOPPED && n.state() != ClusterNode.State.FAILED)
                            .map(ClusterNode::name).toList();
                    long left = Math.max(0, Duration.ofNanos(end - System.nanoTime()).toSeconds());
                    out.println("local cluster: " + (busy.isEmpty() ? "nodes stopped; stopping the balancer"
                            : "draining " + String.join(", ", busy) + ": at most " + left + " s left"));
                }
            } catch (InterruptedException e) {
                // the stop is done
            }
        }, "clusteragent-local-cluster-countdown");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static ClusterSettings parse(String[] args) {
        ClusterSettings.Builder b = ClusterSettings.builder();
        String war = System.getProperty("clusteragent.demoWar", System.getProperty("clusteragent.demo.war"));
        if (war != null && !war.isBlank()) {
            b.war(Path.of(war));
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("'" + arg + "' is not an option; write --name=value");
            }
            String name = arg.substring(2, eq);
            String value = arg.substring(eq + 1).strip();
            switch (name) {
                case "proxy-port" -> b.proxyPort(number(name, value));
                case "mcmp-port" -> b.mcmpPort(number(name, value));
                case "ui-port" -> b.uiPort(number(name, value));
                case "tomcat-nodes" -> b.tomcatNodes(number(name, value));
                case "undertow-nodes" -> b.undertowNodes(number(name, value));
                case "clients" -> b.clients(number(name, value));
                case "session-seconds" -> b.sessionLife(Duration.ofSeconds(number(name, value)));
                case "think-millis" -> b.thinkTime(Duration.ofMillis(number(name, value)));
                case "status-interval" -> b.statusInterval(Duration.ofMillis(Math.round(decimal(name, value) * 1000)));
                case "drain-seconds" -> b.drainTimeout(Duration.ofSeconds(number(name, value)));
                case "advertise-group" -> b.advertiseGroup(value);
                case "advertise-port" -> b.advertisePort(number(name, value));
                case "security-key" -> b.securityKey(value);
                case "war" -> b.war(Path.of(value));
                case "balancer" -> b.balancer(value);
                case "agent-port-base" -> b.agentPortBase(number(name, value));
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return b.build();
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + "=" + value + " is not a whole number");
        }
    }

    private static double decimal(String name, String value) {
        try {
            double d = Double.parseDouble(value);
            if (!(d > 0)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + "=" + value + " is not a positive number of seconds");
        }
    }

    /** The help text, shared with scripts/local-cluster.sh (which prints it without building). */
    static String usage() {
        try (java.io.InputStream in = LocalClusterMain.class.getResourceAsStream("local-cluster-help.txt")) {
            if (in == null) {
                return "usage: scripts/local-cluster.sh [--option=value ...] (help text missing from the jar)";
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
