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

/**
 * Measures what the listener costs a busy Tomcat: the same embedded Tomcat setup (one servlet
 * answering a few bytes) is loaded over loopback without and with the {@code ClusterListener}
 * (registered at a real Undertow balancer, STATUS every second), alternately A/B/A/B after a warm-up,
 * and the medians of requests per second are compared. The load comes from {@code wrk} when it is
 * on the PATH (a second process, so the client's own CPU use is small and the same for both), else
 * from Java client threads in this JVM. Not a test: run it by hand (see docs/benchmarks.md).
 *
 * <p>Arguments (all optional): {@code seconds=10 rounds=3 connections=16 wrkThreads=2 warmup=5
 * client=wrk|java}.
 */
public final class TomcatThroughput {

    private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    private final int seconds;
    private final int rounds;
    private final int connections;
    private final int wrkThreads;
    private final int warmup;
    private final boolean useWrk;

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
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(Level.WARNING);
        new TomcatThroughput(args).run();
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "Tomcat %s, Java %s, %d CPUs; client %s, %d connections, %d s per run, %d rounds%n",
                ServerInfo.getServerNumber(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), useWrk ? "wrk" : "java", connections, seconds, rounds);
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        try (UndertowBalancer balancer = UndertowBalancer.builder().start()) {
            measure(balancer, false, warmup, "warm-up without");
            measure(balancer, true, warmup, "warm-up with");
            for (int i = 0; i < rounds; i++) {
                without.add(measure(balancer, false, seconds, "round " + (i + 1) + " without"));
                with.add(measure(balancer, true, seconds, "round " + (i + 1) + " with"));
            }
        }
        double a = median(without);
        double b = median(with);
        System.out.printf(Locale.ROOT, "median without listener: %.0f req/s %s%n", a, without);
        System.out.printf(Locale.ROOT, "median with listener:    %.0f req/s %s%n", b, with);
        System.out.printf(Locale.ROOT, "ratio with/without: %.3f%n", b / a);
    }

    private double measure(UndertowBalancer balancer, boolean listener, int secs, String label) throws Exception {
        String route = listener ? "bench-with" : "bench-without";
        try (EmbeddedNode node = new EmbeddedNode(route,
                listener ? EmbeddedNode.listenerFor(route, balancer.mcmpPort()) : null).start()) {
            if (listener && balancer.awaitNode(route, n -> n.routes(EmbeddedNode.APP), Duration.ofSeconds(15)).isEmpty()) {
                throw new IllegalStateException("the node with the listener did not register: " + balancer.nodes());
            }
            URI uri = URI.create("http://127.0.0.1:" + node.port() + EmbeddedNode.APP + "/bench");
            double rps = useWrk ? wrk(uri, secs) : javaClient(uri, secs);
            System.out.printf(Locale.ROOT, "%-20s %10.0f req/s%n", label, rps);
            return rps;
        }
    }

    private double wrk(URI uri, int secs) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t" + wrkThreads, "-c" + connections, "-d" + secs + "s", uri.toString())
                .redirectErrorStream(true).start();
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
