package org.clusteragent.harness.undertow;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The webapp every node of these tests serves, the same on Tomcat and on Undertow: it answers
 * {@code node=<name>} so a client behind the balancer can tell where it was routed, opens a
 * session when asked with {@code ?session} and ends it with {@code ?logout}. Stateless apart from
 * the session; thread-safe.
 */
final class NodeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PREFIX = "node=";

    private final String node;

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
        resp.setContentType("text/plain");
        resp.getWriter().print(PREFIX + node);
    }

    /** The node named by an answer's body, or null when the body is not one of ours. */
    static String nodeOf(String body) {
        return body != null && body.startsWith(PREFIX) ? body.substring(PREFIX.length()) : null;
    }
}
