package org.clusteragent.harness.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.clusteragent.harness.AgentNode;
import org.clusteragent.harness.UndertowBalancer;

/**
 * How soon a user can reach a context through Undertow's real balancer, run by hand (see
 * docs/benchmarks.md). A real {@code ClusterAgent} drives the balancer for one node with a real
 * backend; "routable" means the first 200 answer to {@code GET /demo/…} through the balancer's proxy
 * port, polled as fast as one request after the other allows.
 * <ul>
 *   <li>context start: the context is stopped and removed (and checked unroutable), then the clock
 *       starts right before the agent's {@code start(Context)};</li>
 *   <li>proxy restart: the balancer is stopped and started again on the same ports, forgetting the
 *       node; the clock starts when it listens again (and, second figure, when the restart began).
 *       The agent notices by itself (its next STATUS or idle PING) and replays its state.</li>
 * </ul>
 * Arguments: [rounds] [statusInterval seconds], defaults 20 and 0.5.
 */
public final class RoutableBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String statusInterval = args.length > 1 ? args[1] : "0.5";
        System.out.printf("java %s, %d CPUs, %d rounds, statusInterval=%s s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), rounds, statusInterval);
        try (UndertowBalancer balancer = UndertowBalancer.builder().start();
             AgentNode node = new AgentNode("node1", "127.0.0.1:" + balancer.mcmpPort(), Duration.ZERO,
                     "statusInterval", statusInterval).start()) {
            URI demo = balancer.proxyUri("/demo/bench");
            awaitStatus(demo, 200, Duration.ofSeconds(30));

            Samples contextStart = new Samples(rounds);
            Samples contextEnabled = new Samples(rounds);
            for (int i = 0; i < rounds; i++) {
                node.stopAndRemoveContext();
                awaitStatus(demo, 404, Duration.ofSeconds(10));
                long t0 = System.nanoTime();
                node.startContext();
                // first the balancer's own table (cheap to read), then a real request through it
                while (!balancer.node("node1").map(n -> n.routes("/demo")).orElse(false)) {
                    LockSupport.parkNanos(50_000); // 2 CPUs: spinning would starve the agent and the balancer
                }
                contextEnabled.add(System.nanoTime() - t0);
                awaitStatus(demo, 200, Duration.ofSeconds(30));
                contextStart.add(System.nanoTime() - t0);
            }
            System.out.println("context start -> balancer table:     " + contextEnabled.milliseconds());
            System.out.println("context start -> routable:           " + contextStart.milliseconds());

            Samples fromListening = new Samples(rounds);
            Samples fromRestart = new Samples(rounds);
            for (int i = 0; i < rounds; i++) {
                Thread.sleep(200 + i * 37 % 500); // vary where in the STATUS period the restart falls
                long t0 = System.nanoTime();
                balancer.restart();
                long listening = System.nanoTime();
                awaitStatus(demo, 200, Duration.ofSeconds(30));
                long routable = System.nanoTime();
                fromListening.add(routable - listening);
                fromRestart.add(routable - t0);
            }
            System.out.println("proxy listening again -> routable:   " + fromListening.milliseconds());
            System.out.println("proxy restart begins -> routable:    " + fromRestart.milliseconds());
        }
    }

    /** Asks until the balancer answers {@code status}; fails after {@code timeout}. */
    static void awaitStatus(URI uri, int status, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last;
        do {
            last = get(uri);
            if (last == status) {
                return;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - deadline < 0);
        throw new IllegalStateException(uri + " answered " + last + ", not " + status + ", for " + timeout);
    }

    private static int get(URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(2000);
        try {
            int code = c.getResponseCode();
            try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes(); // read fully so the keep-alive connection is reused
                }
            }
            return code;
        } catch (IOException e) {
            return -1; // balancer not listening yet
        }
    }

    private RoutableBench() {
    }
}
