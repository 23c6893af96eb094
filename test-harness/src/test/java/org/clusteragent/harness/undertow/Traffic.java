package org.clusteragent.harness.undertow;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Users behind the balancer: client threads (daemons named {@code clusteragent-test-user-N}) each
 * sending one GET at a time, without cookies, until {@link #stop()} or until {@code maxRequests} in
 * all, so a broken test cannot loop for ever. A request counts in the phase that was current when it
 * was <em>sent</em> ({@link #phase(String)}), so a test can tell where traffic went before, during and
 * after an action. A failure is anything but a 200 whose body names a node, or an I/O error. Thread-safe.
 */
final class Traffic implements AutoCloseable {

    private final URI uri;
    private final long maxRequests;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Map<String, LongAdder>> served = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile String phase = "before";
    private volatile boolean stopping;

    Traffic(URI uri, long maxRequests) {
        this.uri = uri;
        this.maxRequests = maxRequests;
    }

    Traffic start(int users) {
        for (int i = 0; i < users; i++) {
            Thread t = new Thread(this::run, "clusteragent-test-user-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    /** Requests sent from now on count under {@code name}. */
    void phase(String name) {
        phase = name;
    }

    private void run() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        while (!stopping && sent.incrementAndGet() <= maxRequests) {
            String at = phase;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                String node = NodeServlet.nodeOf(response.body());
                if (response.statusCode() != 200 || node == null) {
                    failures.add(at + ": HTTP " + response.statusCode() + " " + abbreviate(response.body()));
                } else {
                    served.computeIfAbsent(at, k -> new ConcurrentHashMap<>())
                            .computeIfAbsent(node, k -> new LongAdder()).increment();
                }
            } catch (IOException e) {
                failures.add(at + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    long served(String phaseName, String node) {
        LongAdder n = served.getOrDefault(phaseName, Map.of()).get(node);
        return n == null ? 0 : n.sum();
    }

    /** Waits, bounded, until {@code node} answered at least {@code count} requests sent in {@code phaseName}. */
    boolean awaitServed(String phaseName, String node, long count, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (served(phaseName, node) < count) {
            if (System.nanoTime() - deadline > 0 || threads.stream().noneMatch(Thread::isAlive)) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops the users and waits for their last requests (each bounded by the client's timeout). */
    void stop() throws InterruptedException {
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
        Map<String, Map<String, Long>> counts = new java.util.TreeMap<>();
        served.forEach((p, m) -> {
            Map<String, Long> c = new java.util.TreeMap<>();
            m.forEach((n, a) -> c.put(n, a.sum()));
            counts.put(p, c);
        });
        return "sent=" + Math.min(sent.get(), maxRequests) + " served=" + counts + " failures=" + failures.size();
    }
}
