package org.clusteragent.demo;

import java.io.IOException;

import javax.management.JMException;
import javax.management.ObjectName;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * {@code GET /load}: what the agent on this node reports, read from its MBean. Answers
 * {@code {"agent":"present","jvmRoute":...,"objectName":...,"agentCount":n,"loadFactors":[{"node":"node1","factor":87}],
 * "explanation":"...","proxies":[...],"nodes":[...]}}, or {@code {"agent":"absent","jvmRoute":...,"reason":"..."}}
 * when no agent MBean is registered, or status 500 with {@code {"agent":"error","error":"..."}} when it cannot be read.
 * Never creates a session.
 */
final class LoadServlet extends DemoServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        DemoNode node = node();
        HttpSession session = req.getSession(false);
        String route = node.identity().jvmRoute(session == null ? null : session.getId());
        AgentView agent = node.agent();
        ObjectName name = agent.pick(route);
        if (name == null) {
            sendJson(resp, 200, AgentView.absentJson(route));
            return;
        }
        try {
            sendJson(resp, 200, AgentView.toJson(route, agent.agents().size(), agent.read(name)));
        } catch (JMException | RuntimeException e) {
            sendJson(resp, 500, new Json().put("agent", "error").put("jvmRoute", route)
                    .put("error", "reading " + name + " failed: " + e).toString());
        }
    }
}
