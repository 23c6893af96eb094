package org.clusteragent.harness.tomcat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.catalina.util.ServerInfo;
import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.clusteragent.harness.testing.NodeServlet;

/**
 * Measures what the listener costs a busy Tomcat: the same embedded Tomcat setup (one servlet
 * answering a few bytes) is loaded over loopback without and with the {@code ClusterListener}
 * (registered at a real Undertow balancer, STATUS every second), in pairs after a warm-up (A then B,
 * B then A, alternately, so a drift of the machine's load weighs on both alike). It prints requests
 * per second and the JVM's CPU time per request of every run, the medians, and the median of the
 * per-pair ratios. The load comes from {@code wrk} when it is
 * on the PATH (a second process, so the client's own CPU use is small and the same for both), else
 * from Java client threads in this JVM. Not a test: run it by hand (see docs/benchmarks.md).
 *
 * <p>With {@code mode=concurrent} both Tomcats run at once in this JVM and two wrk processes load
 * them at the same time, half the connections each: whatever else the machine does then weighs on
 * both alike, so the per-round ratio is steadier on a shared machine (at the price of both sharing
 * the JIT's profile of Tomcat's valve chain).
 *
 * <p>Arguments (all optional): {@code seconds=10 rounds=3 connections=16 wrkThreads=2 warmup=5
 * client=wrk|java mode=sequential|concurrent}.
 */
public final class TomcatThroughput {

    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    private final int seconds;
    private final int rounds;
    private final int connections;
    private final int wrkThreads;
    private final int warmup;
    private final boolean useWrk;
    private final boolean concurrent;

    private TomcatThroughput(String[] args) {
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("argument " + arg + ": use name=value, e.g. seconds=10");
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        seconds = Integer.parseInt(a.getOrDefault("seconds", "10"));
        rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        connections = Integer.parseInt(a.getOrDefault("connections", "16"));
        wrkThreads = Integer.parseInt(a.getOrDefault("wrkThreads", "2"));
        warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
        String client = a.getOrDefault("client", onPath("wrk") ? "wrk" : "java");
        useWrk = client.equals("wrk");
        concurrent = a.getOrDefault("mode", "sequential").equals("concurrent");
        if (concurrent && !useWrk) {
            throw new IllegalArgumentException("mode=concurrent needs wrk on the PATH");
        }
    }

    public static void main(String[] args) throws Exception {
        // Tomcat's leak-detection warnings on every context stop would drown the figures.
        java.util.logging.Logger.getLogger("").setLevel(Level.SEVERE);
        new TomcatThroughput(args).run();
    }

    private void run() throws Exception {
        if (concurrent) {
            runConcurrently();
            return;
        }
        System.out.printf(Locale.ROOT, "Tomcat %s, Java %s, %d CPUs; client %s, %d connections, %d s per run, %d rounds%n",
                ServerInfo.getServerNumber(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), useWrk ? "wrk" : "java", connections, seconds, rounds);
        List<Run> without = new ArrayList<>();
        List<Run> with = new ArrayList<>();
        List<Double> pairRatios = new ArrayList<>();
        try (UndertowBalancer balancer = UndertowBalancer.builder().start()) {
            measure(balancer, false, warmup, "warm-up without");
            measure(balancer, true, warmup, "warm-up with");
            for (int i = 0; i < rounds; i++) {
                Run a;
                Run b;
                if (i % 2 == 0) {
                    a = measure(balancer, false, seconds, "round " + (i + 1) + " without");
                    b = measure(balancer, true, seconds, "round " + (i + 1) + " with");
                } else {
                    b = measure(balancer, true, seconds, "round " + (i + 1) + " with");
                    a = measure(balancer, false, seconds, "round " + (i + 1) + " without");
                }
                without.add(a);
                with.add(b);
                pairRatios.add(b.rps() / a.rps());
            }
        }
        double a = median(without.stream().map(Run::rps).toList());
        double b = median(with.stream().map(Run::rps).toList());
        System.out.printf(Locale.ROOT, "median without listener: %.0f req/s, %.1f us CPU/request%n", a,
                median(without.stream().map(Run::cpuMicrosPerRequest).toList()));
        System.out.printf(Locale.ROOT, "median with listener:    %.0f req/s, %.1f us CPU/request%n", b,
                median(with.stream().map(Run::cpuMicrosPerRequest).toList()));
        System.out.printf(Locale.ROOT, "ratio of medians with/without: %.3f%n", b / a);
        System.out.printf(Locale.ROOT, "median of per-pair ratios:     %.3f %s%n", median(pairRatios),
                pairRatios.stream().map(r -> String.format(Locale.ROOT, "%.3f", r)).toList());
    }

    /** One measured run: requests per second, and this JVM's CPU time per request (Tomcat, balancer, agent). */
    private record Run(double rps, double cpuMicrosPerRequest) {
    }

    private Run measure(UndertowBalancer balancer, boolean listener, int secs, String label) throws Exception {
        // One name for both, so that both answer the very same bytes ("node=bench").
        String route = "bench";
        try (EmbeddedTomcatNode node = new EmbeddedTomcatNode(route,
                listener ? EmbeddedTomcatNode.attributesFor(balancer.mcmpPort()) : null).start()) {
            if (listener && balancer.awaitNode(route, n -> n.routes(NodeServlet.APP), Duration.ofSeconds(15)).isEmpty()) {
                throw new IllegalStateException("the node with the listener did not register: " + balancer.nodes());
            }
            URI uri = URI.create("http://127.0.0.1:" + node.port() + NodeServlet.APP + "/bench");
            long cpu0 = CPU.getProcessCpuTime();
            double rps = useWrk ? wrk(uri, secs) : javaClient(uri, secs);
            double cpuMicros = (CPU.getProcessCpuTime() - cpu0) / 1e3 / (rps * secs);
            System.out.printf(Locale.ROOT, "%-20s %10.0f req/s %8.1f us CPU/request%n", label, rps, cpuMicros);
            return new Run(rps, cpuMicros);
        }
    }

    private double wrk(URI uri, int secs) throws IOException, InterruptedException {
        return wrkResult(startWrk(uri, secs, wrkThreads, connections), secs);
    }

    private static Process startWrk(URI uri, int secs, int threads, int conns) throws IOException {
        return new ProcessBuilder("wrk", "-t" + threads, "-c" + conns, "-d" + secs + "s", uri.toString())
                .redirectErrorStream(true).start();
    }

    private static double wrkResult(Process p, int secs) throws IOException, InterruptedException {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(secs + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk failed: " + out);
        }
        if (out.contains("Non-2xx") || out.contains("Socket errors")) {
            throw new IllegalStateException("wrk saw errors, the run does not count: " + out);
        }
        Matcher m = WRK_RPS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no Requests/sec in wrk output: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** Both variants at once, loaded by two wrk processes started together; the order alternates. */
    private void runConcurrently() throws Exception {
        System.out.printf(Locale.ROOT, "Tomcat %s, Java %s, %d CPUs; concurrent, 2 x wrk -t1 -c%d, %d s per round, %d rounds%n",
                ServerInfo.getServerNumber(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), connections / 2, seconds, rounds);
        List<Double> ratios = new ArrayList<>();
        List<Double> withRps = new ArrayList<>();
        List<Double> withoutRps = new ArrayList<>();
        // Names of equal length: both answer the same number of bytes.
        try (UndertowBalancer balancer = UndertowBalancer.builder().start();
             EmbeddedTomcatNode with = new EmbeddedTomcatNode("bench-a",
                     EmbeddedTomcatNode.attributesFor(balancer.mcmpPort())).start();
             EmbeddedTomcatNode without = new EmbeddedTomcatNode("bench-b", null).start()) {
            if (balancer.awaitNode("bench-a", n -> n.routes(NodeServlet.APP), Duration.ofSeconds(15)).isEmpty()) {
                throw new IllegalStateException("the node with the listener did not register: " + balancer.nodes());
            }
            URI withUri = URI.create("http://127.0.0.1:" + with.port() + NodeServlet.APP + "/bench");
            URI withoutUri = URI.create("http://127.0.0.1:" + without.port() + NodeServlet.APP + "/bench");
            for (int i = -1; i < rounds; i++) {
                int secs = i < 0 ? warmup : seconds;
                Process pw;
                Process po;
                if (i % 2 == 0) {
                    pw = startWrk(withUri, secs, 1, connections / 2);
                    po = startWrk(withoutUri, secs, 1, connections / 2);
                } else {
                    po = startWrk(withoutUri, secs, 1, connections / 2);
                    pw = startWrk(withUri, secs, 1, connections / 2);
                }
                double w = wrkResult(pw, secs);
                double o = wrkResult(po, secs);
                String label = i < 0 ? "warm-up" : "round " + (i + 1);
                System.out.printf(Locale.ROOT, "%-10s with %8.0f req/s, without %8.0f req/s, ratio %.3f%n", label, w, o, w / o);
                if (i >= 0) {
                    ratios.add(w / o);
                    withRps.add(w);
                    withoutRps.add(o);
                }
            }
        }
        System.out.printf(Locale.ROOT, "median with listener %.0f req/s, without %.0f req/s%n", median(withRps), median(withoutRps));
        System.out.printf(Locale.ROOT, "sum with/without: %.3f; median of per-round ratios: %.3f (min %.3f, max %.3f)%n",
                withRps.stream().mapToDouble(Double::doubleValue).sum()
                        / withoutRps.stream().mapToDouble(Double::doubleValue).sum(),
                median(ratios), ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    private double javaClient(URI uri, int secs) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() - end < 0) {
                    try {
                        HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                        (r.statusCode() == 200 ? ok : failed).incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "clusteragent-bench-client-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed + " requests failed, the run does not count");
        }
        return ok.get() / elapsed;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (new java.io.File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
