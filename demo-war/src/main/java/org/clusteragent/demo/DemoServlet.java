package org.clusteragent.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Base of the demo servlets: finds the {@link DemoNode}, validates parameters and turns a
 * {@link BadRequest} into a JSON reply {@code {"error":"..."}} with its status. Replies are never
 * cached, so every request really reaches a node.
 */
abstract class DemoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        resp.setHeader("Cache-Control", "no-store");
        try {
            super.service(req, resp);
        } catch (BadRequest e) {
            if (!resp.isCommitted()) {
                resp.reset();
                resp.setHeader("Cache-Control", "no-store");
                sendJson(resp, e.status(), new Json().put("error", e.getMessage()).toString());
            }
        }
    }

    DemoNode node() {
        return DemoNode.of(getServletContext());
    }

    static int param(HttpServletRequest req, Param p) {
        return p.parse(req.getParameter(p.name()));
    }

    static void sendJson(HttpServletResponse resp, int status, String json) throws IOException {
        byte[] body = (json + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
