package org.clusteragent.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Makes network traffic through the connector.
 * <ul>
 * <li>{@code GET /traffic?kb=K} answers K KB (0..102400) of {@code application/octet-stream}
 *     with a Content-Length: traffic sent by the node.</li>
 * <li>{@code POST /traffic} (any content type) reads the whole body, at most 102400 KB, and answers
 *     {@code {"receivedBytes":n}}: traffic received by the node. A larger body is refused with 400.</li>
 * </ul>
 */
final class TrafficServlet extends DemoServlet {

    private static final long serialVersionUID = 1L;
    static final Param KB = Param.required("traffic", "kb", 0, Limits.MAX_TRAFFIC_KB);
    private static final long MAX_BODY = Limits.MAX_TRAFFIC_KB * 1024L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int kb = param(req, KB);
        byte[] block = new byte[1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) ('a' + i % 26);
        }
        resp.setStatus(200);
        resp.setContentType("application/octet-stream");
        resp.setContentLengthLong(kb * 1024L);
        OutputStream out = resp.getOutputStream();
        for (int i = 0; i < kb; i++) {
            out.write(block);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > MAX_BODY) {
            throw BadRequest.invalid("traffic: request body of " + declared + " bytes is too large; allowed 0.." + MAX_BODY
                    + " bytes (" + Limits.MAX_TRAFFIC_KB + " KB)");
        }
        long received = 0;
        byte[] buffer = new byte[16 * 1024];
        InputStream in = req.getInputStream();
        int n;
        while ((n = in.read(buffer)) != -1) {
            received += n;
            if (received > MAX_BODY) {
                throw BadRequest.invalid("traffic: request body passed " + MAX_BODY + " bytes (" + Limits.MAX_TRAFFIC_KB
                        + " KB), the most one request may send; send less per request");
            }
        }
        sendJson(resp, 200, new Json().put("receivedBytes", received).toString());
    }
}
