package org.clusteragent.harness.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * Simulated users of the demo behind the balancer. Each client is a thread that sends GET requests
 * one after another (with a think time between them), carrying its session cookie; when its session
 * is older than its life (the session life times a random 0.5..1.5, so that clients do not renew
 * in step) it drops the cookie, so its next request starts a new session,
 * which the balancer places by load. Every answer is counted in {@link LoadStats} for the node that
 * gave it (the demo's {@code "node"} field, else the route suffix of the session id); anything but a
 * 2xx answer is a failure. The number of clients can change while it runs. Threads are daemons named
 * {@code clusteragent-load-client-N}, started by {@link #start()} and ended by {@link #stop()}.
 */
public final class LoadDriver implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LoadDriver.class);
    private static final Pattern NODE_FIELD = Pattern.compile("\"node\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern SESSION_COOKIE = Pattern.compile("JSESSIONID=([^;\\s]+)");

    private final URI target;
    private final Duration sessionLife;
    private final Duration thinkTime;
    private final LongSupplier nanos;
    private final HttpClient http;
    private final LoadStats stats = new LoadStats();
    private final AtomicInteger wanted = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param target      the URL every request goes to (through the balancer)
     * @param clients     clients at start
     * @param sessionLife how long a client keeps one session
     * @param thinkTime   pause between two requests of one client
     * @param nanos       monotonic clock for session ages
     */
    public LoadDriver(URI target, int clients, Duration sessionLife, Duration thinkTime, LongSupplier nanos) {
        this.target = Objects.requireNonNull(target, "target");
        this.sessionLife = Objects.requireNonNull(sessionLife, "sessionLife");
        this.thinkTime = Objects.requireNonNull(thinkTime, "thinkTime");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.wanted.set(clients);
        // No connection pool surprises: HTTP/1.1, and a timeout well above a drain's length.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public LoadStats stats() {
        return stats;
    }

    public synchronized void start() {
        running = true;
        setClients(wanted.get());
        LOG.infof("CLAG8056: load driver started: %d clients sending to %s, new session every %s",
                wanted.get(), target, sessionLife);
    }

    /** Changes the number of clients; extra clients end after their current request. */
    public synchronized void setClients(int clients) {
        if (clients < 0) {
            throw new IllegalArgumentException("clients=" + clients + " must be 0 or more");
        }
        wanted.set(clients);
        threads.removeIf(t -> !t.isAlive());
        for (int i = threads.size(); running && i < clients; i++) {
            int index = i;
            Thread t = new Thread(() -> runClient(index), "clusteragent-load-client-" + (index + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    public int clients() {
        return wanted.get();
    }

    private void runClient(int index) {
        String session = null;
        long sessionEnd = 0;
        // Clients that all began together would renew their sessions together, and a burst of new
        // sessions lands on whichever node the balancer prefers at that instant: spread them.
        pause(ThreadLocalRandom.current().nextLong(thinkTime.toMillis() + 1));
        while (running && index < wanted.get()) {
            if (session != null && nanos.getAsLong() - sessionEnd > 0) {
                session = null;
            }
            String answered = send(session);
            if (answered != null && !answered.equals(session)) {
                session = answered;
                long life = (long) (sessionLife.toNanos() * (0.5 + ThreadLocalRandom.current().nextDouble()));
                sessionEnd = nanos.getAsLong() + life;
            }
            pause(thinkTime.toMillis());
        }
        synchronized (this) {
            threads.remove(Thread.currentThread());
        }
    }

    /** Sends one request; returns the session id in use afterwards (null when none). */
    private String send(String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30)).GET();
        if (session != null) {
            request.header("Cookie", "JSESSIONID=" + session);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            stats.failure("I/O error: " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return session;
        }
        String newSession = response.headers().allValues("set-cookie").stream()
                .map(SESSION_COOKIE::matcher).filter(Matcher::find).map(m -> m.group(1))
                .reduce((a, b) -> b).orElse(null);
        String inUse = newSession != null ? newSession : session;
        if (response.statusCode() / 100 != 2) {
            stats.failure(failure(response.statusCode(), response.body(), target, session));
            return newSession != null ? newSession : null; // drop a session the cluster cannot serve
        }
        String node = nodeOf(response.body(), inUse);
        stats.request(node);
        if (newSession != null) {
            stats.newSession(node);
        }
        return inUse;
    }

    /** What the page shows for a failed answer: status, where, and the body's reason or what an empty one means. */
    static String failure(int status, String body, URI target, String session) {
        String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        String reason;
        if (!text.isEmpty()) {
            reason = text.length() > 120 ? text.substring(0, 120) + "…" : text;
        } else if (status == 503) {
            reason = "empty answer from the balancer: no node could take the request (none registered, up and"
                    + " routing the demo, or the one holding the session refused it)";
        } else if (status == 404) {
            reason = "empty answer: no node serves the demo's path (undeployed everywhere?)";
        } else {
            reason = "empty answer";
        }
        return "HTTP " + status + " from " + target + (session == null ? "" : " (session " + session + ")") + ": "
                + reason;
    }

    static String nodeOf(String body, String session) {
        Matcher m = NODE_FIELD.matcher(body);
        if (m.find() && !m.group(1).isEmpty() && !"unknown".equals(m.group(1))) {
            return m.group(1);
        }
        if (session != null && session.lastIndexOf('.') > 0) {
            return session.substring(session.lastIndexOf('.') + 1);
        }
        return "unknown";
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Ends every client and waits for them (bounded by the request timeout). */
    public void stop() {
        List<Thread> copy;
        synchronized (this) {
            running = false;
            copy = new ArrayList<>(threads);
        }
        for (Thread t : copy) {
            t.interrupt();
        }
        for (Thread t : copy) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
