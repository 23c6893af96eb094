package org.clusteragent.demo;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps connector (request-processing) threads busy.
 * <ul>
 * <li>{@code GET /busy/hold[?seconds=S]} holds the thread serving it for S seconds (1..300,
 *     default 10), then answers {@code {"heldSeconds":S,"node":"..."}}.</li>
 * <li>{@code GET /busy?threads=N[&seconds=S]} sends N (1..200) parallel loopback requests to
 *     {@code /busy/hold} on the same connector, so N request threads really hold; it waits up to
 *     {@value #WAIT_MILLIS} ms for them to start and answers
 *     {@code {"threads":N,"seconds":S,"holding":started,"inFlight":reserved,"target":"http://..."}}.
 *     At most 200 holders may be in flight per node (429 beyond).</li>
 * </ul>
 */
final class BusyServlet extends DemoServlet {

    private static final long serialVersionUID = 1L;
    private static final long WAIT_MILLIS = 5_000;
    static final Param THREADS = Param.required("busy", "threads", 1, Limits.MAX_BUSY_THREADS);
    static final Param SECONDS = Param.optional("busy", "seconds", 1, Limits.MAX_SECONDS, Limits.DEFAULT_SECONDS);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/hold".equals(req.getPathInfo())) {
            hold(req, resp);
            return;
        }
        int threads = param(req, THREADS);
        int seconds = param(req, SECONDS);
        DemoNode node = node();
        if (!node.reserveBusy(threads)) {
            throw BadRequest.tooMuch("busy: threads=" + threads + " would pass " + Limits.MAX_BUSY_THREADS
                    + " holders in flight on this node; " + node.busyReserved() + " in flight now; retry when they end");
        }
        Loopback.Target target = node.target(req);
        CountDownLatch started = new CountDownLatch(threads);
        long call = node.newBusyCall(started);
        AtomicInteger left = new AtomicInteger(threads);
        int timeout = (seconds + 60) * 1000;
        // Each holder gives its reservation back when its exchange ends, whichever way it ends.
        Runnable done = () -> {
            node.releaseBusy(1);
            if (left.decrementAndGet() == 0) {
                node.endBusyCall(call);
            }
        };
        int submitted = 0;
        try {
            for (; submitted < threads; submitted++) {
                node.loopback().submit(target, "/busy/hold?seconds=" + seconds + "&call=" + call, timeout, done);
            }
        } catch (BadRequest | RejectedExecutionException e) {
            for (int i = submitted; i < threads; i++) {
                done.run();
            }
            throw new BadRequest(503, "busy: the demo application is stopping");
        }
        boolean all;
        try {
            all = started.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all = false;
        }
        long holding = threads - started.getCount();
        Json json = new Json().put("threads", threads).put("seconds", seconds).put("holding", holding)
                .put("inFlight", node.busyReserved()).put("target", target.url());
        if (!all) {
            json.put("note", (threads - holding) + " holders had not started after " + WAIT_MILLIS
                    + " ms: the connector may have fewer free threads, they wait in its queue");
        }
        sendJson(resp, 200, json.toString());
    }

    private void hold(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int seconds = param(req, SECONDS);
        DemoNode node = node();
        node.holderStarted(req.getParameter("call"));
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long now;
            while ((now = System.nanoTime()) - end < 0) {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(end - now) + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            node.holderEnded();
        }
        String route = node.identity().jvmRoute(null);
        sendJson(resp, 200, new Json().put("heldSeconds", seconds).put("node", node.identity().nodeName(route)).toString());
    }
}
