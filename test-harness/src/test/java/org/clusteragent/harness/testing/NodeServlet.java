package org.clusteragent.harness.testing;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The webapp every test node serves at {@link #APP}, the same on Tomcat and on Undertow: it reads
 * the request body and answers {@code node=<name>} (text/plain, status 200), so a client behind the
 * balancer can tell where it was routed. Query parameters: {@code session} opens a session,
 * {@code logout} ends the current one, {@code hold=<ms>} waits that many milliseconds before
 * answering (so a drain has requests in flight). Stateless apart from the session and the in-flight
 * count; thread-safe.
 */
public final class NodeServlet extends HttpServlet {

    /** The context path every test node deploys this servlet at (mapped to {@code /*}). */
    public static final String APP = "/app";
    /** What every answer's body starts with; the node's name follows. */
    public static final String PREFIX = "node=";

    private static final long serialVersionUID = 1L;

    private final String node;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** @param node the name every answer carries, by convention the node's jvmRoute */
    public NodeServlet(String node) {
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
            req.getInputStream().readAllBytes();
            hold(req.getParameter("hold"));
            resp.setContentType("text/plain");
            resp.getWriter().print(PREFIX + node);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void hold(String millis) {
        if (millis != null) {
            try {
                Thread.sleep(Long.parseLong(millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Requests inside this servlet right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The node named by an answer's body, or null when the body is not one of this servlet's answers. */
    public static String nodeOf(String body) {
        return body != null && body.startsWith(PREFIX) ? body.substring(PREFIX.length()) : null;
    }
}
