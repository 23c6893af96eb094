package org.clusteragent.core.proxy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.clusteragent.core.mcmp.ConfigRequest;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.spi.ProxyAddress;

/**
 * A listener for tests: records every resync (proxy, reason, thread, time) and, like the agent
 * will, tells the proxy the node's state by sending a CONFIG through the lane.
 */
final class RecordingListener implements ProxyListener {

    static final String ROUTE = "node1";

    record Resync(ProxyAddress proxy, ResyncReason reason, String thread, long nanos, McmpReply configReply) {
    }

    record Failure(ProxyAddress proxy, McmpRequest request, Exception cause) {
    }

    final BlockingQueue<Resync> resyncs = new LinkedBlockingQueue<>();
    final BlockingQueue<Failure> failures = new LinkedBlockingQueue<>();
    final List<String> replied = java.util.Collections.synchronizedList(new ArrayList<>());

    static ConfigRequest config() {
        return ConfigRequest.builder(ROUTE, "127.0.0.1", 8080, "http").build();
    }

    /** Whether a resync ends with a STATUS, as the agent's own does (its reply carries the proxy's id). */
    volatile boolean statusInResync;

    @Override
    public void resync(ProxyLane lane, ResyncReason reason) throws IOException {
        long now = System.nanoTime();
        McmpReply reply = lane.exchange(config());
        if (statusInResync) {
            lane.exchange(new StatusRequest(ROUTE, 50));
        }
        resyncs.add(new Resync(lane.address(), reason, Thread.currentThread().getName(), now, reply));
    }

    @Override
    public void replied(ProxyAddress proxy, McmpRequest request, McmpReply reply, long nanos) {
        replied.add(proxy + " " + request.command() + " " + reply.getClass().getSimpleName());
    }

    @Override
    public void failed(ProxyAddress proxy, McmpRequest request, Exception cause) {
        failures.add(new Failure(proxy, request, cause));
    }

    /** The next resync, failing the test when none comes in time. */
    Resync next(Duration timeout) throws InterruptedException {
        Resync r = resyncs.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (r == null) {
            throw new AssertionError("no resync within " + timeout.toMillis() + " ms");
        }
        return r;
    }

    /** The next resync for this proxy, skipping others. */
    Resync next(ProxyAddress proxy, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Resync r = resyncs.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("no resync of " + proxy + " within " + timeout.toMillis() + " ms");
            }
            if (r.proxy().equals(proxy)) {
                return r;
            }
        }
    }
}
