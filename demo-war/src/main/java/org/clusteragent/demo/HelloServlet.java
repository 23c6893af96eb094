package org.clusteragent.demo;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * {@code GET /} and {@code /hello}: which node answered, the session and how many times this
 * session has been here, as {@code {"node":"node1","jvmRoute":"node1","session":"...","counter":3,"newSession":false}}.
 * The counter is stored as an Integer attribute and set again on each call, so session managers
 * that replicate on setAttribute see every change.
 */
final class HelloServlet extends DemoServlet {

    private static final long serialVersionUID = 1L;
    static final String COUNTER = "clusteragent.demo.counter";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession(true);
        int counter;
        // One lock for the read-increment-write: cheap, and a session has no lock of its own.
        synchronized (this) {
            Object old = session.getAttribute(COUNTER);
            counter = (old instanceof Integer i ? i : 0) + 1;
            session.setAttribute(COUNTER, counter);
        }
        NodeIdentity identity = node().identity();
        String route = identity.jvmRoute(session.getId());
        sendJson(resp, 200, new Json().put("node", identity.nodeName(route)).put("jvmRoute", route)
                .put("session", session.getId()).put("counter", counter).put("newSession", session.isNew()).toString());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        doGet(req, resp);
    }
}
