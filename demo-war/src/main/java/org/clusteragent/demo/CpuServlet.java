package org.clusteragent.demo;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /cpu?threads=T[&seconds=S]}: starts T spinning daemon threads (1..2 x cores, default 1)
 * for S seconds (1..300, default 10) and answers at once with
 * {@code {"threads":T,"seconds":S,"running":total,"capThreads":cap}}.
 */
final class CpuServlet extends DemoServlet {

    private static final long serialVersionUID = 1L;
    static final Param SECONDS = Param.optional("cpu", "seconds", 1, Limits.MAX_SECONDS, Limits.DEFAULT_SECONDS);

    static Param threads() {
        return Param.optional("cpu", "threads", 1, Limits.maxCpuThreads(), 1)
                .because("2 x " + Runtime.getRuntime().availableProcessors() + " cores");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int threads = param(req, threads());
        int seconds = param(req, SECONDS);
        int running = node().cpu().burn(threads, seconds);
        sendJson(resp, 200, new Json().put("threads", threads).put("seconds", seconds)
                .put("running", running).put("capThreads", Limits.maxCpuThreads()).toString());
    }
}
