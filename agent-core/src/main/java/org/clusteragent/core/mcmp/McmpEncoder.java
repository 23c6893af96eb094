package org.clusteragent.core.mcmp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Produces the exact bytes of one MCMP request: request line, headers ({@code Host},
 * {@code User-Agent}, {@code Connection: Keep-Alive}, and for a body {@code Content-Type} and
 * {@code Content-Length}), CRLF line ends, then the body as
 * {@code application/x-www-form-urlencoded} UTF-8 ({@code a-z A-Z 0-9 . - * _} kept, space as
 * {@code +}, every other byte as {@code %XX}). This is the only place the request wire format
 * lives. Stateless after construction and safe for concurrent use; it runs on every status tick,
 * so it measures first and then fills one exactly-sized array (no regex, no intermediate strings).
 */
public final class McmpEncoder {

    private static final byte[] HTTP11 = bytes(" HTTP/1.1\r\nHost: ");
    private static final byte[] UA = bytes("\r\nUser-Agent: ");
    private static final byte[] KEEP_ALIVE = bytes("\r\nConnection: Keep-Alive\r\n");
    private static final byte[] FORM = bytes("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ");
    private static final byte[] STATUS_PREFIX = bytes("JVMRoute=");
    private static final byte[] LOAD = bytes("&Load=");
    private static final byte[] HEX = bytes("0123456789ABCDEF");

    private final String userAgent;

    /** @param userAgent the {@code User-Agent} value, printable ASCII, e.g. {@code clusteragent/0.1} */
    public McmpEncoder(String userAgent) {
        Objects.requireNonNull(userAgent, "userAgent");
        for (int i = 0; i < userAgent.length(); i++) {
            char c = userAgent.charAt(i);
            if (c < ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("userAgent \"" + userAgent
                        + "\" contains a control or non-ASCII character at index " + i);
            }
        }
        this.userAgent = userAgent;
    }

    /** The complete request, ready to be written to the proxy connection. */
    public byte[] encode(McmpRequest request, RequestTarget target) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(target, "target");
        // STATUS goes out every few seconds to every proxy: write it without building its parameter list.
        StatusRequest status = request instanceof StatusRequest s ? s : null;
        List<Map.Entry<String, String>> params = status == null ? request.parameters() : List.of();
        int bodyLength = status != null ? statusBody(null, 0, status) : formBody(null, 0, params);
        int pos = head(null, 0, request, target, bodyLength);
        byte[] out = new byte[pos + bodyLength];
        int end = head(out, 0, request, target, bodyLength);
        end = status != null ? statusBody(out, end, status) : formBody(out, end, params);
        assert end == out.length;
        return out;
    }

    /**
     * Writes (or, when {@code out} is null, only measures) everything up to and including the
     * blank line; returns the position after it.
     */
    private int head(byte[] out, int p, McmpRequest request, RequestTarget target, int bodyLength) {
        p = ascii(out, p, request.command().wireName());
        p = put(out, p, (byte) ' ');
        p = ascii(out, p, target.proxyUrl());
        p = put(out, p, (byte) '/');
        if (request.nodeWide()) {
            p = put(out, p, (byte) '*');
        }
        p = put(out, p, HTTP11);
        if (target.ipv6()) {
            p = put(out, p, (byte) '[');
            p = ascii(out, p, target.host());
            p = put(out, p, (byte) ']');
        } else {
            p = ascii(out, p, target.host());
        }
        p = put(out, p, (byte) ':');
        p = decimal(out, p, target.port());
        p = put(out, p, UA);
        p = ascii(out, p, userAgent);
        p = put(out, p, KEEP_ALIVE);
        if (bodyLength > 0) {
            p = put(out, p, FORM);
            p = decimal(out, p, bodyLength);
            p = crlf(out, p);
        }
        return crlf(out, p);
    }

    private static int statusBody(byte[] out, int p, StatusRequest status) {
        p = put(out, p, STATUS_PREFIX);
        p = formEncode(out, p, status.jvmRoute());
        p = put(out, p, LOAD);
        return decimal(out, p, status.load());
    }

    private static int formBody(byte[] out, int p, List<Map.Entry<String, String>> params) {
        for (int i = 0, n = params.size(); i < n; i++) {
            Map.Entry<String, String> e = params.get(i);
            if (i > 0) {
                p = put(out, p, (byte) '&');
            }
            p = formEncode(out, p, e.getKey());
            p = put(out, p, (byte) '=');
            p = formEncode(out, p, e.getValue());
        }
        return p;
    }

    /** application/x-www-form-urlencoded over the UTF-8 bytes of {@code s}. */
    private static int formEncode(byte[] out, int p, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '*' || c == '_') {
                p = put(out, p, (byte) c);
            } else if (c == ' ') {
                p = put(out, p, (byte) '+');
            } else if (c < 0x80) {
                p = percent(out, p, c);
            } else if (c < 0x800) {
                p = percent(out, p, 0xC0 | (c >> 6));
                p = percent(out, p, 0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                p = percent(out, p, 0xF0 | (cp >> 18));
                p = percent(out, p, 0x80 | ((cp >> 12) & 0x3F));
                p = percent(out, p, 0x80 | ((cp >> 6) & 0x3F));
                p = percent(out, p, 0x80 | (cp & 0x3F));
            } else {
                // Requests reject unpaired surrogates; keep the encoder total anyway (as U+FFFD would be).
                p = percent(out, p, 0xE0 | (c >> 12));
                p = percent(out, p, 0x80 | ((c >> 6) & 0x3F));
                p = percent(out, p, 0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    private static int percent(byte[] out, int p, int b) {
        if (out != null) {
            out[p] = '%';
            out[p + 1] = HEX[(b >> 4) & 0xF];
            out[p + 2] = HEX[b & 0xF];
        }
        return p + 3;
    }

    private static int decimal(byte[] out, int p, int value) {
        if (value < 0) {
            p = put(out, p, (byte) '-');
            value = -value; // values here are >= -1 or ports: no overflow
        }
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        if (out != null) {
            int q = p + digits;
            int v = value;
            do {
                out[--q] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v != 0);
        }
        return p + digits;
    }

    private static int ascii(byte[] out, int p, String s) {
        int n = s.length();
        if (out != null) {
            for (int i = 0; i < n; i++) {
                out[p + i] = (byte) s.charAt(i);
            }
        }
        return p + n;
    }

    private static int put(byte[] out, int p, byte[] b) {
        if (out != null) {
            System.arraycopy(b, 0, out, p, b.length);
        }
        return p + b.length;
    }

    private static int put(byte[] out, int p, byte b) {
        if (out != null) {
            out[p] = b;
        }
        return p + 1;
    }

    private static int crlf(byte[] out, int p) {
        p = put(out, p, (byte) '\r');
        return put(out, p, (byte) '\n');
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
