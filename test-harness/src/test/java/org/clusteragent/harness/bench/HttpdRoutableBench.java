package org.clusteragent.harness.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.clusteragent.harness.AgentNode;
import org.clusteragent.harness.HttpdBalancer;
import org.clusteragent.harness.httpd.OneShotHttp;

/**
 * How soon a user can reach a context through real httpd with mod_proxy_cluster, run by hand (see
 * docs/benchmarks.md); the httpd counterpart of {@link RoutableBench}. A real {@code ClusterAgent}
 * (one node, default statusInterval 10 s and probeInterval 1 s unless given) drives httpd for one
 * real backend serving {@code /demo}; "routable" means the first 200 to {@code GET /demo/bench}
 * through httpd, each try on a new connection (so an old httpd child cannot answer from its old
 * tables after a graceful restart).
 * <ul>
 *   <li>context start: the context is stopped and removed (and checked unroutable), the clock starts
 *       right before the agent's {@code start(Context)};</li>
 *   <li>each kind of httpd restart (graceful = SIGUSR1, SIGHUP, SIGKILL then start, stop then start):
 *       the clock starts when httpd serves again (and, second figure, when the restart began); nothing
 *       tells the agent, which finds out by its idle probe or next STATUS and replays its state.</li>
 * </ul>
 * Arguments: [rounds] [statusInterval seconds] [probeInterval seconds], defaults 20, 10 and 1.
 */
public final class HttpdRoutableBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String statusInterval = args.length > 1 ? args[1] : "10";
        String probeInterval = args.length > 2 ? args[2] : "1";
        System.out.printf("java %s, %d CPUs, %d rounds, statusInterval=%s s, probeInterval=%s s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), rounds,
                statusInterval, probeInterval);
        try (HttpdBalancer httpd = HttpdBalancer.startDefault();
             AgentNode node = new AgentNode("node1", "127.0.0.1:" + httpd.mcmpPort(), Duration.ZERO,
                     "statusInterval", statusInterval, "probeInterval", probeInterval).start()) {
            awaitStatus(httpd, 200, Duration.ofSeconds(30));

            Samples contextStart = new Samples(rounds);
            for (int i = 0; i < rounds; i++) {
                node.stopAndRemoveContext();
                awaitStatus(httpd, 404, Duration.ofSeconds(10));
                long t0 = System.nanoTime();
                node.startContext();
                awaitStatus(httpd, 200, Duration.ofSeconds(30));
                contextStart.add(System.nanoTime() - t0);
            }
            System.out.println("context start -> routable:                  " + contextStart.milliseconds());

            Map<String, Consumer<HttpdBalancer>> restarts = new LinkedHashMap<>();
            restarts.put("graceful (SIGUSR1)", HttpdBalancer::gracefulRestart);
            restarts.put("SIGHUP", HttpdBalancer::hupRestart);
            restarts.put("crash (SIGKILL) + start", h -> {
                h.crash();
                h.start();
            });
            restarts.put("stop + start", HttpdBalancer::restart);
            for (Map.Entry<String, Consumer<HttpdBalancer>> restart : restarts.entrySet()) {
                Samples fromBack = new Samples(rounds);
                Samples fromBegin = new Samples(rounds);
                for (int i = 0; i < rounds; i++) {
                    Thread.sleep(200 + i * 37 % 500); // vary where in the probe period the restart falls
                    long t0 = System.nanoTime();
                    restart.getValue().accept(httpd);
                    long back = System.nanoTime();
                    awaitStatus(httpd, 200, Duration.ofSeconds(30));
                    long routable = System.nanoTime();
                    fromBack.add(routable - back);
                    fromBegin.add(routable - t0);
                }
                System.out.printf("%-24s httpd serving again -> routable: %s%n", restart.getKey(), fromBack.milliseconds());
                System.out.printf("%-24s restart begins -> routable:      %s%n", restart.getKey(), fromBegin.milliseconds());
            }
        }
    }

    /** Asks through httpd, each time on a new connection, until it answers {@code status}. */
    private static void awaitStatus(HttpdBalancer httpd, int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last;
        do {
            try {
                last = OneShotHttp.exchange("127.0.0.1", httpd.proxyPort(), null, "GET", "/demo/bench", "").status();
            } catch (IOException e) {
                last = -1;
            }
            if (last == status) {
                return;
            }
            Thread.sleep(0, 200_000);
        } while (System.nanoTime() - deadline < 0);
        throw new IllegalStateException("httpd answered " + last + ", not " + status + ", for " + timeout);
    }

    private HttpdRoutableBench() {
    }
}
