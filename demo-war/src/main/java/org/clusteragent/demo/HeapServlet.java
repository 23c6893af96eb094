package org.clusteragent.demo;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /heap?mb=M[&seconds=S]}: allocates M MB (1..512) in this request, holds it S seconds
 * (1..300, default 10) and answers at once with {@code {"mb":M,"seconds":S,"heldMb":total,"capMb":cap}}.
 */
final class HeapServlet extends DemoServlet {

    private static final long serialVersionUID = 1L;
    static final Param MB = Param.required("heap", "mb", 1, Limits.MAX_HEAP_MB);
    static final Param SECONDS = Param.optional("heap", "seconds", 1, Limits.MAX_SECONDS, Limits.DEFAULT_SECONDS);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int mb = param(req, MB);
        int seconds = param(req, SECONDS);
        HeapHolder heap = node().heap();
        HeapHolder.Hold hold = heap.hold(mb, seconds);
        sendJson(resp, 200, new Json().put("mb", mb).put("seconds", seconds)
                .put("heldMb", hold.heldMbAfter()).put("capMb", heap.capMb()).toString());
    }
}
