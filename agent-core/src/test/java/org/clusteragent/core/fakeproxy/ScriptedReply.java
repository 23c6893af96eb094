package org.clusteragent.core.fakeproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A reply the {@link FakeProxy} writes instead of its own: status, extra headers and body. The fake adds
 * the framing headers itself ({@code Content-Length} or {@code Transfer-Encoding: chunked},
 * {@code Connection}, {@code Date}, {@code Server}); {@code close} asks it to close the connection after
 * the reply. Immutable; build with the static factories and {@code with…} methods.
 *
 * @param status  HTTP status code
 * @param reason  reason phrase of the status line
 * @param headers extra headers in order
 * @param body    body text, sent as UTF-8
 * @param close   close the connection after writing (and say {@code Connection: close})
 * @param chunked {@code null} to follow the proxy's setting, else force chunked or fixed length
 */
public record ScriptedReply(int status, String reason, List<Map.Entry<String, String>> headers, String body,
                            boolean close, Boolean chunked) {

    public ScriptedReply {
        headers = List.copyOf(headers);
        body = body == null ? "" : body;
    }

    /** 200 with a {@code text/plain} body. */
    public static ScriptedReply ok(String body) {
        return new ScriptedReply(200, "OK", List.of(Map.entry("Content-Type", "text/plain")), body, false, null);
    }

    /** Any status with an empty body and no extra headers. */
    public static ScriptedReply status(int status, String reason) {
        return new ScriptedReply(status, reason, List.of(), "", false, null);
    }

    /**
     * An MCMP error the way httpd writes it: 500, headers {@code Version}, {@code Type}, {@code Mess}, an
     * HTML body, {@code Connection: close}. {@code mess} is sent verbatim; httpd's own messages carry the
     * type as a prefix, e.g. {@code MEM: Can't read node with "node1" JVMRoute}.
     */
    public static ScriptedReply mcmpError(String type, String mess) {
        String html = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
                + "<title>500 Internal Server Error</title>\n</head><body>\n<h1>Internal Server Error</h1>\n"
                + "<p>The server encountered an internal error or misconfiguration and was unable to "
                + "complete your request.</p>\n</body></html>\n";
        return new ScriptedReply(500, "Internal Server Error",
                List.of(Map.entry("Version", "0.2.1"), Map.entry("Type", type), Map.entry("Mess", mess),
                        Map.entry("Content-Type", "text/html; charset=iso-8859-1")),
                html, true, false);
    }

    /** A copy with one more header. */
    public ScriptedReply withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new ScriptedReply(status, reason, more, body, close, chunked);
    }

    /** A copy that closes the connection after the reply. */
    public ScriptedReply closing() {
        return new ScriptedReply(status, reason, headers, body, true, chunked);
    }

    /** A copy that forces chunked ({@code true}) or fixed-length ({@code false}) framing. */
    public ScriptedReply chunked(boolean value) {
        return new ScriptedReply(status, reason, headers, body, close, value);
    }
}
