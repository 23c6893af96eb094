package org.clusteragent.harness.undertow;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The webapp every node of these tests serves, the same on Tomcat and on Undertow: it answers
 * {@code node=<name>} so a client behind the balancer can tell where it was routed, opens a
 * session when asked with {@code ?session}, ends it with {@code ?logout}, and takes
 * {@code ?hold=<ms>} milliseconds before answering. Stateless apart from the session; thread-safe.
 */
final class NodeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PREFIX = "node=";

    private final String node;
    private final AtomicInteger inFlight = new AtomicInteger();

    NodeServlet(String node) {
        this.node = node;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getParameter("session") != null) {
            req.getSession(true);
        }
        if (req.getParameter("logout") != null && req.getSession(false) != null) {
            // a session left open would hold a drain of this non-distributable webapp for stopContextTimeout
            req.getSession(false).invalidate();
        }
        inFlight.incrementAndGet();
        try {
            answer(req, resp);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Requests inside this servlet right now. */
    int inFlight() {
        return inFlight.get();
    }

    private void answer(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String hold = req.getParameter("hold");
        if (hold != null) {
            // keeps requests in flight for a while, so a drain has something to wait for
            try {
                Thread.sleep(Long.parseLong(hold));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        resp.setContentType("text/plain");
        resp.getWriter().print(PREFIX + node);
    }

    /** The node named by an answer's body, or null when the body is not one of ours. */
    static String nodeOf(String body) {
        return body != null && body.startsWith(PREFIX) ? body.substring(PREFIX.length()) : null;
    }
}
