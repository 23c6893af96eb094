package org.clusteragent.core.fakeproxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one HTTP/1.1 request at a time from a connection's input, keeping a copy of every byte. Knows
 * just enough HTTP for MCMP: request line, headers, a body framed by {@code Content-Length} or chunked.
 * Not thread-safe: one per connection thread.
 */
final class HttpRequestReader {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final int MAX_BODY = 1024 * 1024;

    private final InputStream in;
    private ByteArrayOutputStream raw;

    HttpRequestReader(InputStream in) {
        this.in = in;
    }

    /** A request as read, before the proxy numbers and timestamps it. */
    record Parsed(String method, String path, String version, List<Map.Entry<String, String>> headers,
                  String body, List<Map.Entry<String, String>> parameters, byte[] raw) {
        String header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    /** Thrown for bytes that are not an HTTP request; the connection answers 400 and closes. */
    static final class BadRequest extends IOException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** The next request, or {@code null} when the peer closed the connection between requests. */
    Parsed read() throws IOException {
        raw = new ByteArrayOutputStream();
        String requestLine = readLine(true);
        if (requestLine == null) {
            return null;
        }
        while (requestLine.isEmpty()) {
            // Tolerate a stray CRLF between requests, as RFC 9112 section 2.2 allows.
            requestLine = readLine(false);
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !parts[2].startsWith("HTTP/")) {
            throw new BadRequest("bad request line: " + requestLine);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || headers.size() >= MAX_HEADERS) {
                throw new BadRequest("bad header line: " + line);
            }
            headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).trim()));
        }
        byte[] body = readBody(headers);
        String text = new String(body, StandardCharsets.UTF_8);
        return new Parsed(parts[0], parts[1], parts[2], headers, text, formParameters(text), raw.toByteArray());
    }

    private byte[] readBody(List<Map.Entry<String, String>> headers) throws IOException {
        String encoding = null;
        String length = null;
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase("Transfer-Encoding")) {
                encoding = h.getValue();
            } else if (h.getKey().equalsIgnoreCase("Content-Length")) {
                length = h.getValue();
            }
        }
        if (encoding != null && encoding.toLowerCase().contains("chunked")) {
            return readChunked();
        }
        if (length == null) {
            return new byte[0];
        }
        int n;
        try {
            n = Integer.parseInt(length.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest("bad Content-Length: " + length);
        }
        if (n < 0 || n > MAX_BODY) {
            throw new BadRequest("bad Content-Length: " + length);
        }
        return readExactly(n);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new BadRequest("bad chunk size: " + sizeLine);
            }
            if (size < 0 || body.size() + size > MAX_BODY) {
                throw new BadRequest("bad chunk size: " + sizeLine);
            }
            if (size == 0) {
                while (!readLine(false).isEmpty()) {
                    // trailers are recorded in raw but otherwise ignored
                }
                return body.toByteArray();
            }
            body.write(readExactly(size));
            if (!readLine(false).isEmpty()) {
                throw new BadRequest("chunk not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        raw.write(bytes);
        if (bytes.length < n) {
            throw new EOFException("connection closed after " + bytes.length + " of " + n + " body bytes");
        }
        return bytes;
    }

    /** One line without its CRLF (a bare LF is accepted too); {@code null} at EOF only if allowed. */
    private String readLine(boolean eofAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a request");
            }
            raw.write(b);
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > MAX_LINE) {
                throw new BadRequest("line longer than " + MAX_LINE + " bytes");
            }
            eofAllowed = false;
        }
    }

    /** Splits on {@code &} and the first {@code =}, keeping empty names so the proxy can reject them. */
    static List<Map.Entry<String, String>> formParameters(String body) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (body.isEmpty()) {
            return out;
        }
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.add(Map.entry(decode(name), decode(value)));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a bad %-escape is kept as sent, so the test can see it
        }
    }
}
