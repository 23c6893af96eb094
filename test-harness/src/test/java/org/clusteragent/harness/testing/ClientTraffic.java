package org.clusteragent.harness.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Users behind a balancer: client threads (daemons named {@code clusteragent-test-client-N}) each
 * sending one GET at a time to one URI, without a cookie or, for sticky clients
 * ({@link #start(int, int)}), with their session's cookie, until {@link #stop()}, or until
 * {@code maxRequests} were sent in all, so a broken test cannot loop for ever. A request counts in
 * the phase that was current when it was <em>sent</em> ({@link #phase(String)}; the first is
 * {@link #BEFORE}), so a test can tell where traffic went before, during and after an action. An
 * answer counts as served by the node a {@link NodeServlet} body names; anything else (another
 * status than 200, a body that names no node, an I/O or other error) is a failure. Nothing starts
 * before {@link #start(int)}. Thread-safe.
 */
public final class ClientTraffic implements AutoCloseable {

    /** The phase requests count in until the test names another. */
    public static final String BEFORE = "before";
    /** The phase {@link #during} moves to once its action returned. */
    public static final String AFTER = "after";

    /** An action under test; may throw whatever the node's API throws. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final URI uri;
    private final long maxRequests;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Map<String, LongAdder>> served = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile String phase = BEFORE;
    /** When the last {@link #during} action began; failures say how long after it they were answered. */
    private volatile long actionStart = System.nanoTime();
    private volatile boolean stopping;

    /**
     * @param uri         what every request GETs, usually {@code balancer.proxyUri(path)}
     * @param maxRequests the most requests all clients together send
     */
    public ClientTraffic(URI uri, long maxRequests) {
        this.uri = uri;
        this.maxRequests = maxRequests;
    }

    /** Starts {@code clients} cookie-less client threads; call once. */
    public ClientTraffic start(int clients) {
        return start(clients, 0);
    }

    /**
     * Starts {@code clients} client threads of which the first {@code sticky} behave like users with a
     * session: they ask for one ({@code session} added to the query) and send back the last session
     * cookie they were given, so the balancer keeps them on their session's node until it leaves;
     * when stopped, each logs its session out. Call once.
     */
    public ClientTraffic start(int clients, int sticky) {
        for (int i = 0; i < clients; i++) {
            boolean withSession = i < sticky;
            Thread t = new Thread(() -> run(withSession), "clusteragent-test-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    /** Requests sent from now on count under {@code name}. */
    public void phase(String name) {
        phase = name;
    }

    /**
     * Runs {@code action} with requests counting under {@code name}, then moves to {@link #AFTER}.
     *
     * @return how long the action took
     */
    public Duration during(String name, Action action) throws Exception {
        phase(name);
        long t0 = System.nanoTime();
        actionStart = t0;
        action.run();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        phase(AFTER);
        return took;
    }

    private void run(boolean withSession) {
        URI target = withSession ? URI.create(uri + (uri.getQuery() == null ? "?" : "&") + "session") : uri;
        String cookie = null;
        while (!stopping && sent.incrementAndGet() <= maxRequests) {
            String at = phase;
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10));
                if (cookie != null) {
                    request.header("Cookie", cookie);
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (withSession) {
                    cookie = response.headers().firstValue("Set-Cookie").map(c -> c.split(";", 2)[0]).orElse(cookie);
                }
                String node = NodeServlet.nodeOf(response.body());
                if (response.statusCode() != 200 || node == null) {
                    failures.add(at + " " + sinceAction() + ": HTTP " + response.statusCode() + " " + abbreviate(response.body()));
                } else {
                    served.computeIfAbsent(at, k -> new ConcurrentHashMap<>())
                            .computeIfAbsent(node, k -> new LongAdder()).increment();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.add(at + " " + sinceAction() + ": " + e);
            }
        }
        if (cookie != null) {
            logout(cookie);
        }
    }

    /** Ends a sticky client's session (not counted), so that the node's drain at teardown waits for none. */
    private void logout(String cookie) {
        URI bye = URI.create(uri + (uri.getQuery() == null ? "?" : "&") + "logout");
        try {
            client.send(HttpRequest.newBuilder(bye).timeout(Duration.ofSeconds(10)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception ignored) {
            // the node may be gone already; its session then went with it
        }
    }

    /** When an answer came, relative to the start of the last action, to compare with the node's log. */
    private String sinceAction() {
        return String.format("(answered %+d ms after the action began)",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - actionStart));
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    /** Requests sent so far by all clients together. */
    public long sent() {
        return Math.min(sent.get(), maxRequests);
    }

    /** Requests sent in {@code phaseName} that {@code node} answered. */
    public long served(String phaseName, String node) {
        LongAdder n = served.getOrDefault(phaseName, Map.of()).get(node);
        return n == null ? 0 : n.sum();
    }

    /**
     * Waits, bounded, until {@code node} answered at least {@code count} requests sent in
     * {@code phaseName}; false when the bound passed or every client thread ended first.
     */
    public boolean awaitServed(String phaseName, String node, long count, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (served(phaseName, node) < count) {
            if (System.nanoTime() - deadline > 0 || threads.stream().noneMatch(Thread::isAlive)) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * Asserts that each of {@code nodes} answers {@code count} requests sent in {@code phaseName},
     * waiting up to {@code bound} for each.
     */
    public void assertServed(String phaseName, long count, Duration bound, String... nodes)
            throws InterruptedException {
        for (String node : nodes) {
            assertTrue(awaitServed(phaseName, node, count, bound), () -> node + " served " + count + " in " + phaseName
                    + ": " + this);
        }
    }

    /**
     * The check after a node left under load (undeploy, stop): waits until {@code staying} answered
     * {@code count} requests sent {@link #AFTER} the action, stops the clients, prints {@code report}
     * with the counts, and asserts that no request failed in any phase and that {@code left} answered
     * none sent after the action.
     */
    public void assertLeftWithoutFailures(String left, String staying, long count, Duration bound, String report)
            throws InterruptedException {
        assertTrue(awaitServed(AFTER, staying, count, bound), this::toString);
        stop();
        System.out.printf("%s; %s%n", report, this);
        assertEquals(List.of(), failures(), "no request fails: " + this);
        assertEquals(0, served(AFTER, left), "nothing reaches " + left + " once it left: " + this);
    }

    /** Every failure so far, each as {@code phase (when): what}, when relative to the last action's start. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops the clients and waits for their last requests (each bounded by the request timeout). */
    public void stop() throws InterruptedException {
        stopping = true;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(15));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    @Override
    public String toString() {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        served.forEach((p, m) -> {
            Map<String, Long> c = new TreeMap<>();
            m.forEach((n, a) -> c.put(n, a.sum()));
            counts.put(p, c);
        });
        return "sent=" + Math.min(sent.get(), maxRequests) + " served=" + counts + " failures=" + failures.size();
    }
}
