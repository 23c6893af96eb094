package org.clusteragent.harness;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * User traffic for tests: {@code threads} daemon threads, each sending one GET at a time to the
 * same URI through a balancer until {@link #stop()}, or until {@code maxRequests} in all (a bound so
 * that a broken test cannot loop for ever). Every answer that is not a 200 is kept as a failure, with
 * its time; 200s are counted by body (the backends name their node in it).
 */
final class LoadLoop {

    record Failure(long nanos, Http.Answer answer) {
    }

    private final Http http;
    private final URI uri;
    private final long maxRequests;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final Map<String, LongAdder> okByBody = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;

    LoadLoop(Http http, URI uri, int threads, long maxRequests) {
        this.http = http;
        this.uri = uri;
        this.maxRequests = maxRequests;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::run, "clusteragent-test-load-" + i);
            t.setDaemon(true);
            this.threads.add(t);
        }
    }

    LoadLoop start() {
        threads.forEach(Thread::start);
        return this;
    }

    private void run() {
        while (!stopping && sent.incrementAndGet() <= maxRequests) {
            Http.Answer answer = http.get(uri);
            if (answer.ok()) {
                okByBody.computeIfAbsent(answer.body().split(" ")[0], k -> new LongAdder()).increment();
            } else {
                failures.add(new Failure(System.nanoTime(), answer));
            }
        }
    }

    /** Stops the threads and waits for their last requests (each is bounded by the client's timeout). */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(15));
        }
    }

    /** 200 answers whose body starts with {@code node=<name>}. */
    long ok(String node) {
        LongAdder n = okByBody.get("node=" + node);
        return n == null ? 0 : n.sum();
    }

    long okTotal() {
        return okByBody.values().stream().mapToLong(LongAdder::sum).sum();
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }
}
