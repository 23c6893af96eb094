package org.clusteragent.undertow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.clusteragent.core.fakeproxy.ContextStatus;
import org.clusteragent.core.fakeproxy.FakeProxy;

/**
 * Plays the routing half of a balancer in front of one node, against the fake proxy's tables:
 * each client sends a request straight to the node only while the proxy has the context ENABLED,
 * and counts it in flight from before it looks at the table until the answer, reporting that count
 * in STOP-APP replies as a real proxy does. So every request it sends is one a balancer would have
 * routed, and each must succeed. Threads are daemons named {@code test-loop-…}; {@link #stop} ends them.
 */
final class BalancerLoop implements AutoCloseable {

    private final FakeProxy proxy;
    private final Node node;
    private final String route;
    private final String context;
    private final String path;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    BalancerLoop(FakeProxy proxy, Node node, String route, String context, String path) {
        this.proxy = proxy;
        this.node = node;
        this.route = route;
        this.context = context;
        this.path = path;
        proxy.setInFlight(route, context, inFlight::get);
    }

    BalancerLoop start(int clients) {
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(this::loop, "test-loop-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    private void loop() {
        while (running.get()) {
            // a cheap look first, uncounted, so a stopped context sees no phantom requests
            if (!routable()) {
                skipped.incrementAndGet();
                if (!pause()) {
                    return;
                }
                continue;
            }
            inFlight.incrementAndGet();
            boolean routable = false;
            try {
                // counted, then looked at again: a STOP-APP either sees this request or it sees STOPPED
                routable = routable();
                if (!routable) {
                    skipped.incrementAndGet();
                    continue;
                }
                int status = node.get(context.equals("/") ? path : context + path).statusCode();
                if (status == 200) {
                    ok.incrementAndGet();
                } else {
                    failures.add("HTTP " + status);
                }
            } catch (IOException e) {
                failures.add(e.toString());
            } catch (InterruptedException e) {
                return;
            } finally {
                inFlight.decrementAndGet();
            }
            if (!routable && !pause()) {
                return;
            }
        }
    }

    private boolean routable() {
        return proxy.context(route, context).map(c -> c.status() == ContextStatus.Status.ENABLED).orElse(false);
    }

    /** Like a balancer with nowhere to send, wait a little (outside the in-flight count) before trying again. */
    private static boolean pause() {
        try {
            Thread.sleep(2);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    int ok() {
        return ok.get();
    }

    int skipped() {
        return skipped.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits (bounded) until at least {@code n} requests succeeded. */
    boolean awaitOk(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ok.get() < n && System.nanoTime() < deadline && failures.isEmpty()) {
            Thread.sleep(5);
        }
        return ok.get() >= n;
    }

    void stop() {
        running.set(false);
        try {
            for (Thread t : threads) {
                t.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
