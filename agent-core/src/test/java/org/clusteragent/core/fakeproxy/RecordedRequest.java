package org.clusteragent.core.fakeproxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request exactly as the {@link FakeProxy} received it: the request line, the headers in
 * arrival order, the form parameters of the body decoded in order, and the raw bytes on the wire.
 * Parsing is the fake's own and shares nothing with the agent's encoder, so a test comparing the two
 * compares independent readings of the same bytes. Immutable and safe to share between threads.
 *
 * @param sequence          1-based order of arrival over the proxy's whole life (restarts included)
 * @param method            the request method, e.g. {@code CONFIG}
 * @param path              the request target as sent, e.g. {@code /}, {@code /*}, {@code /prefix/}
 * @param version           the protocol token of the request line, e.g. {@code HTTP/1.1}
 * @param headers           header names and values in arrival order, names as sent
 * @param body              the body decoded as UTF-8 (chunked bodies de-chunked); empty when none
 * @param parameters        the body read as {@code application/x-www-form-urlencoded}, decoded, in order
 * @param raw               every byte of the request, request line to last body byte
 * @param arrivalNanos      {@link System#nanoTime()} when the request was complete
 * @param connectionOrdinal 1-based number of the TCP connection it came on (never reused)
 * @param tlsPeer           the subject of the client certificate, or {@code null} without one
 */
public record RecordedRequest(long sequence, String method, String path, String version,
                              List<Map.Entry<String, String>> headers, String body,
                              List<Map.Entry<String, String>> parameters, byte[] raw,
                              long arrivalNanos, int connectionOrdinal, String tlsPeer) {

    public RecordedRequest {
        headers = List.copyOf(headers);
        parameters = List.copyOf(parameters);
        raw = raw.clone();
    }

    /** First header with this name, compared ignoring case; {@code null} when absent. */
    public String header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** First parameter with this name, compared ignoring case as httpd does; {@code null} when absent. */
    public String parameter(String name) {
        return parameters.stream().filter(p -> p.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Shorthand for {@code parameter("JVMRoute")}. */
    public String jvmRoute() {
        return parameter("JVMRoute");
    }

    /** True for a node-wide command, whose path ends in {@code /*}. */
    public boolean nodeWide() {
        return path.endsWith("/*");
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The raw request as ISO-8859-1 text, so every byte maps to one char. */
    public String rawText() {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + method + " " + path + " " + parameters + " (connection " + connectionOrdinal + ")";
    }
}
