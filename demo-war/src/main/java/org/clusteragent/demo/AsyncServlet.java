package org.clusteragent.demo;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /async[?seconds=S]}: an asynchronous request. The container thread is given back at
 * once ({@link AsyncContext}); the demo's scheduler answers {@code {"heldSeconds":S,"node":"...","async":true}}
 * S seconds later (1..300, default 2) and completes the request. Shows that a drain counts a request
 * until its response is complete, not only while a container thread runs it.
 */
final class AsyncServlet extends DemoServlet {

    private static final long serialVersionUID = 1L;
    static final Param SECONDS = Param.optional("async", "seconds", 1, Limits.MAX_SECONDS, 2);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        int seconds = param(req, SECONDS);
        DemoNode node = node();
        AsyncContext async = req.startAsync();
        // The container's own async timeout must not end the request before we do.
        async.setTimeout(TimeUnit.SECONDS.toMillis(seconds + 60L));
        try {
            node.schedule(() -> answer(async, node, seconds), TimeUnit.SECONDS.toMillis(seconds));
        } catch (RejectedExecutionException e) {
            fail(async, 503);
        }
    }

    private static void answer(AsyncContext async, DemoNode node, int seconds) {
        try {
            String route = node.identity().jvmRoute(null);
            sendJson((HttpServletResponse) async.getResponse(), 200, new Json().put("heldSeconds", seconds)
                    .put("node", node.identity().nodeName(route)).put("async", true).toString());
        } catch (IOException | RuntimeException e) {
            // The client went away or the response is already gone: nothing left to tell anyone.
        } finally {
            async.complete();
        }
    }

    private static void fail(AsyncContext async, int status) {
        try {
            sendJson((HttpServletResponse) async.getResponse(), status,
                    new Json().put("error", "async: the demo application is stopping").toString());
        } catch (IOException e) {
            // as above
        } finally {
            async.complete();
        }
    }
}
