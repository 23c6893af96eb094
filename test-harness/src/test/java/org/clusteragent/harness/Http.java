package org.clusteragent.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain HTTP/1.1 client for sending user requests through a balancer in tests: keep-alive,
 * 5 s timeouts, its own daemon threads. One per test class is enough; it is thread-safe.
 */
final class Http {

    /** Status and body of one answer; status -1 with the exception text as body when none came. */
    record Answer(int status, String body) {
        boolean ok() {
            return status == 200;
        }
    }

    private static final AtomicInteger IDS = new AtomicInteger();

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "clusteragent-test-http-" + IDS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();

    Answer get(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, e.toString());
        }
    }

    /** Asks until an answer satisfies {@code ok}, every millisecond, up to {@code timeout}; returns the last answer. */
    Answer await(URI uri, java.util.function.Predicate<Answer> ok, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer last;
        do {
            last = get(uri);
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(1);
        } while (System.nanoTime() - deadline < 0);
        return last;
    }

    void close() {
        executor.shutdownNow();
    }
}
