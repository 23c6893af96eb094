package org.clusteragent.harness.tomcat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Users of demo.war's {@code /hello} behind a proxy, for deployments under load: client threads
 * (daemons named {@code clusteragent-test-user-N}) sending cookie-less GETs one after the other,
 * and one watcher thread that checks a condition (e.g. "the proxy routes /demo") every few
 * milliseconds. A reply other than 200 with a session, an I/O error, or the condition found false,
 * is recorded as a failure. Everything stops at {@link #close()}, or after {@code maxRequests}.
 * Thread-safe.
 */
final class VersionTraffic implements AutoCloseable {

    private static final Pattern SESSION = Pattern.compile("\"session\":\"([^\"]+)\"");
    private static final Pattern COUNTER = Pattern.compile("\"counter\":(\\d+)");

    private final URI uri;
    private final long maxRequests;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();
    private volatile boolean stopping;

    /** One answer of {@code /hello}: its status, its session id and the session's counter. */
    record Hello(int status, String session, int counter, String body) {
        String cookie() {
            return "JSESSIONID=" + session;
        }
    }

    VersionTraffic(URI uri, long maxRequests) {
        this.uri = uri;
        this.maxRequests = maxRequests;
    }

    /** Starts {@code users} client threads and the watcher of {@code routable}. */
    VersionTraffic start(int users, String what, BooleanSupplier routable) {
        for (int i = 0; i < users; i++) {
            startThread("clusteragent-test-user-" + i, this::loop);
        }
        startThread("clusteragent-test-watcher", () -> {
            while (!stopping) {
                checks.incrementAndGet();
                if (!routable.getAsBoolean()) {
                    failures.add(what + " was false");
                }
                pause(5);
            }
        });
        return this;
    }

    private void startThread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void loop() {
        while (!stopping && ok.get() + failures.size() < maxRequests) {
            try {
                Hello hello = hello(null);
                if (hello.status() == 200 && hello.session() != null) {
                    ok.incrementAndGet();
                } else {
                    failures.add("HTTP " + hello.status() + " " + hello.body());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failures.add(e.toString());
            }
        }
    }

    /** One GET of {@code /hello} with {@code cookie} (null: none). */
    Hello hello(String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Matcher session = SESSION.matcher(response.body());
        Matcher counter = COUNTER.matcher(response.body());
        return new Hello(response.statusCode(), session.find() ? session.group(1) : null,
                counter.find() ? Integer.parseInt(counter.group(1)) : -1, response.body());
    }

    /** Waits until the users got {@code more} further answers (bounded); false when they did not. */
    boolean awaitMore(long more, Duration bound) {
        long target = ok.get() + more;
        long deadline = System.nanoTime() + bound.toNanos();
        while (ok.get() < target) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            pause(5);
        }
        return true;
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(15));
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ok=" + ok.get() + " checks=" + checks.get() + " failures=" + failures.size()
                + (failures.isEmpty() ? "" : " first: " + failures.peek());
    }
}
