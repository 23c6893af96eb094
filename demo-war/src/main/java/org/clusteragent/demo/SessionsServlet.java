package org.clusteragent.demo;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * {@code GET /sessions?count=N[&action=create|invalidate][&ttl=S]}: makes or ends sessions on this
 * node. {@code create} (default) sends N cookie-less loopback requests to {@code /sessions/one},
 * each of which opens a fresh session that lives {@code ttl} seconds of inactivity (default 600),
 * and waits for them (at most {@value #PARALLEL} in flight, two minutes in all). {@code invalidate}
 * ends up to N of the sessions made this way; other sessions are never touched.
 * {@code GET /sessions/one[?ttl=S]} is the single-session step, usable on its own.
 */
final class SessionsServlet extends DemoServlet {

    private static final long serialVersionUID = 1L;
    private static final int PARALLEL = 8;
    private static final long OVERALL_MILLIS = 120_000;
    static final Param COUNT = Param.required("sessions", "count", 0, Limits.MAX_SESSIONS);
    static final Param TTL = Param.optional("sessions", "ttl", 1, Limits.MAX_SESSION_TTL_SECONDS, Limits.DEFAULT_SESSION_TTL_SECONDS);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/one".equals(req.getPathInfo())) {
            one(req, resp);
            return;
        }
        int count = param(req, COUNT);
        String action = req.getParameter("action");
        if (action == null || action.isBlank() || action.equals("create")) {
            create(req, resp, count, param(req, TTL));
        } else if (action.equals("invalidate")) {
            int done = node().sessions().invalidateMade(count);
            sendJson(resp, 200, summary("invalidate", count).put("invalidated", done).toString());
        } else {
            throw BadRequest.invalid("sessions: action=" + action + " is not known; allowed create, invalidate");
        }
    }

    private void one(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int ttl = param(req, TTL);
        HttpSession session = req.getSession(true);
        session.setMaxInactiveInterval(ttl);
        node().sessions().markMade(session);
        sendJson(resp, 200, new Json().put("session", session.getId()).put("ttlSeconds", ttl).toString());
    }

    private void create(HttpServletRequest req, HttpServletResponse resp, int count, int ttl) throws IOException {
        DemoNode node = node();
        Loopback.Target target = node.target(req);
        String path = "/sessions/one?ttl=" + ttl;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OVERALL_MILLIS);
        Deque<Future<Integer>> inFlight = new ArrayDeque<>();
        int created = 0;
        int failed = 0;
        String firstError = null;
        for (int sent = 0; sent < count || !inFlight.isEmpty(); ) {
            if (sent < count && inFlight.size() < PARALLEL) {
                inFlight.add(node.loopback().submit(target, path, 30_000));
                sent++;
                continue;
            }
            Future<Integer> f = inFlight.poll();
            String error;
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                int status = f.get(left, TimeUnit.NANOSECONDS);
                error = status == 200 ? null : "status " + status;
            } catch (ExecutionException e) {
                error = String.valueOf(e.getCause());
            } catch (TimeoutException e) {
                f.cancel(true);
                error = "no answer within " + OVERALL_MILLIS / 1000 + " s";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                inFlight.forEach(x -> x.cancel(true));
                throw new BadRequest(503, "sessions: interrupted while creating");
            }
            if (error == null) {
                created++;
            } else {
                failed++;
                if (firstError == null) {
                    firstError = error;
                }
            }
        }
        Json json = summary("create", count).put("created", created).put("failed", failed)
                .put("ttlSeconds", ttl).put("target", target.url());
        if (firstError != null) {
            json.put("error", "sessions: " + failed + " of " + count + " loopback requests to " + target.url()
                    + "/sessions/one failed, first: " + firstError
                    + "; if this connector is not plain HTTP, set demo.selfUrl=http://host:port/context");
        }
        sendJson(resp, failed == 0 ? 200 : 502, json.toString());
    }

    private Json summary(String action, int count) {
        SessionRegistry sessions = node().sessions();
        return new Json().put("action", action).put("requested", count)
                .put("live", sessions.live()).put("made", sessions.made());
    }
}
