package org.clusteragent.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Keeps the live sessions of this context, so that {@code sessions?action=invalidate} can end
 * sessions that belong to other requests, and teaches {@link NodeIdentity} the route from each new
 * session id. Sessions made by the {@code sessions} endpoint are marked, and only those are ever
 * invalidated by it: sessions of real clients (stickiness checks) are left alone. Thread-safe.
 */
final class SessionRegistry implements HttpSessionListener, HttpSessionIdListener {

    private final Map<String, HttpSession> live = new ConcurrentHashMap<>();
    private final Set<String> made = ConcurrentHashMap.newKeySet();
    private final NodeIdentity identity;

    SessionRegistry(NodeIdentity identity) {
        this.identity = identity;
    }

    @Override
    public void sessionCreated(HttpSessionEvent se) {
        HttpSession s = se.getSession();
        live.put(s.getId(), s);
        identity.learnFrom(s.getId());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent se) {
        String id = se.getSession().getId();
        live.remove(id);
        made.remove(id);
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent se, String oldSessionId) {
        HttpSession s = se.getSession();
        live.remove(oldSessionId);
        live.put(s.getId(), s);
        if (made.remove(oldSessionId)) {
            made.add(s.getId());
        }
    }

    void markMade(HttpSession session) {
        made.add(session.getId());
    }

    int live() {
        return live.size();
    }

    int made() {
        return made.size();
    }

    /** Invalidates up to {@code count} sessions made by the endpoint; returns how many it ended. */
    int invalidateMade(int count) {
        List<String> ids = new ArrayList<>(made);
        int done = 0;
        for (String id : ids) {
            if (done >= count) {
                break;
            }
            HttpSession s = live.get(id);
            made.remove(id);
            if (s == null) {
                continue;
            }
            try {
                s.invalidate();
                done++;
            } catch (IllegalStateException alreadyGone) {
                // expired between the lookup and now: nothing left to end
            }
        }
        return done;
    }
}
