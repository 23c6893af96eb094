package org.clusteragent.harness.tomcat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client threads sending GETs through the balancer in a loop until {@link #stop()}, counting per
 * phase which node answered and every failure (a status other than 200, a body that names no node,
 * or an I/O error). The test moves the loop from phase to phase ({@link #phase(String)}) around the
 * action under test, so it can tell where traffic went before and after. Thread-safe.
 */
final class RequestLoop implements AutoCloseable {

    private final URI uri;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, Map<String, AtomicLong>> served = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicLong total = new AtomicLong();
    private volatile String phase = "before";
    private volatile boolean running;

    RequestLoop(URI uri) {
        this.uri = uri;
    }

    RequestLoop start(int threadCount) {
        running = true;
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::loop, "clusteragent-test-client-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    /** Requests completed from now on are counted under {@code name}. */
    void phase(String name) {
        phase = name;
    }

    private void loop() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        while (running) {
            String at = phase;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                String body = response.body();
                if (response.statusCode() != 200 || !body.startsWith("node=")) {
                    failures.add(at + ": HTTP " + response.statusCode() + " " + abbreviate(body));
                } else {
                    served.computeIfAbsent(at, k -> new ConcurrentHashMap<>())
                            .computeIfAbsent(body.substring("node=".length()), k -> new AtomicLong())
                            .incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.add(at + ": " + e);
            }
            total.incrementAndGet();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    /** Requests answered by {@code node} during {@code phase}. */
    long served(String phaseName, String node) {
        AtomicLong n = served.getOrDefault(phaseName, Map.of()).get(node);
        return n == null ? 0 : n.get();
    }

    long total() {
        return total.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits (bounded) until {@code node} has answered at least {@code count} requests in {@code phase}. */
    boolean awaitServed(String phaseName, String node, long count, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (served(phaseName, node) < count) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    void stop() throws InterruptedException {
        running = false;
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
        return "requests=" + total + " served=" + served + " failures=" + failures.size();
    }
}
