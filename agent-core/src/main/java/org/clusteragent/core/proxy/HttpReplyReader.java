package org.clusteragent.core.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.clusteragent.core.mcmp.RawReply;

/**
 * Reads one HTTP/1.x reply from a stream positioned at its first byte: status line, headers, and a
 * body framed by chunked encoding, Content-Length, or the end of the stream. It reads exactly the
 * reply and nothing after it, so the stream can carry the next reply of a keep-alive connection.
 * Not thread-safe; one instance per reply.
 */
final class HttpReplyReader {

    /** Longest status or header line accepted; proxies send short lines. */
    static final int MAX_LINE = 8 * 1024;
    /** Most header lines accepted in one reply. */
    static final int MAX_HEADERS = 100;
    /** Most interim (1xx) replies accepted before the final one; a proxy sends none or one. */
    static final int MAX_INTERIM = 5;

    private final InputStream in;
    private final int maxBody;
    private boolean started;
    private boolean closeAfter;

    HttpReplyReader(InputStream in, int maxBody) {
        this.in = in;
        this.maxBody = maxBody;
    }

    /** True once any byte of the reply has been read: from then on the request was surely received. */
    boolean started() {
        return started;
    }

    /** True when the connection cannot carry another request after this reply. */
    boolean closeAfter() {
        return closeAfter;
    }

    /** Reads the reply; up to {@link #MAX_INTERIM} interim 1xx replies are skipped. */
    RawReply read() throws IOException {
        for (int interim = 0; ; interim++) {
            String statusLine = readLine();
            if (statusLine == null) {
                throw new NoReplyException("the proxy closed the connection without a reply");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new ProtocolException("not an HTTP/1.x status line: " + abbreviate(statusLine));
            }
            if (!parts[1].matches("[0-9]{3}")) {
                throw new ProtocolException("bad status code (not three digits) in: " + abbreviate(statusLine));
            }
            int status = Integer.parseInt(parts[1]);
            if (status < 100 || status > 599) {
                throw new ProtocolException("status code " + status + " is outside 100..599 in: "
                        + abbreviate(statusLine));
            }
            if (status == 101) {
                throw new ProtocolException("the proxy switched protocols (101), which MCMP never asks for");
            }
            String reason = parts.length > 2 ? parts[2] : "";
            List<Map.Entry<String, String>> headers = readHeaders();
            if (status < 200) {
                if (interim == MAX_INTERIM) {
                    throw new ProtocolException("more than " + MAX_INTERIM + " interim (1xx) replies before the"
                            + " final one");
                }
                continue;
            }
            boolean http10 = parts[0].equals("HTTP/1.0");
            String connection = first(headers, "connection").toLowerCase(Locale.ROOT);
            closeAfter = connection.contains("close") || (http10 && !connection.contains("keep-alive"));
            byte[] body = readBody(status, headers);
            return new RawReply(status, reason, headers, body);
        }
    }

    private List<Map.Entry<String, String>> readHeaders() throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new EOFException("the proxy closed the connection inside the reply headers");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if (headers.size() == MAX_HEADERS) {
                throw new ProtocolException("reply has more than " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("malformed header line: " + abbreviate(line));
            }
            headers.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
    }

    private byte[] readBody(int status, List<Map.Entry<String, String>> headers) throws IOException {
        if (status == 204 || status == 304) {
            return new byte[0];
        }
        String te = first(headers, "transfer-encoding").toLowerCase(Locale.ROOT);
        if (te.contains("chunked")) {
            return readChunked();
        }
        String cl = first(headers, "content-length");
        if (!cl.isEmpty()) {
            long length;
            try {
                length = Long.parseLong(cl);
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad Content-Length: " + abbreviate(cl));
            }
            if (length < 0 || length > maxBody) {
                throw new ProtocolException("reply Content-Length " + length + " is outside 0.." + maxBody);
            }
            return readExactly((int) length);
        }
        // Neither framing: the body runs to the end of the connection, which cannot be reused.
        closeAfter = true;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            append(body, buffer, n);
        }
        return body.toByteArray();
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new EOFException("the proxy closed the connection inside a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad chunk size line: " + abbreviate(sizeLine));
            }
            if (size < 0 || size > maxBody - body.size()) {
                throw new ProtocolException("chunked reply exceeds " + maxBody + " bytes");
            }
            if (size == 0) {
                readHeaders(); // trailers, ignored
                return body.toByteArray();
            }
            body.write(readExactly((int) size));
            String end = readLine();
            if (end == null || !end.isEmpty()) {
                throw new ProtocolException("chunk not followed by CRLF");
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length < length) {
            throw new EOFException("reply body ended after " + data.length + " of " + length + " bytes");
        }
        return data;
    }

    private void append(ByteArrayOutputStream body, byte[] buffer, int n) throws ProtocolException {
        if (body.size() + n > maxBody) {
            throw new ProtocolException("reply exceeds " + maxBody + " bytes");
        }
        body.write(buffer, 0, n);
    }

    /** A line without its CR LF (a bare LF is accepted), or null at end of stream before any byte. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("the proxy closed the connection inside a line");
            }
            started = true;
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (line.size() == MAX_LINE) {
                throw new ProtocolException("reply line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    private static String first(List<Map.Entry<String, String>> headers, String lowerName) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().toLowerCase(Locale.ROOT).equals(lowerName)) {
                return h.getValue();
            }
        }
        return "";
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** The connection ended before the first byte of a reply. */
    static final class NoReplyException extends EOFException {
        NoReplyException(String message) {
            super(message);
        }
    }
}
