package org.clusteragent.advertise;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the bytes of one datagram into an {@link AdvertiseMessage}, or says why it cannot. Never
 * throws, whatever the bytes; works in time linear in the length. Accepts both the httpd form
 * (ends with a blank line) and Undertow's (ends after the last header), CRLF or bare LF line ends.
 * Stateless and thread-safe.
 */
public final class AdvertiseParser {

    /** Real advertisements are about 350 bytes; anything this large is not one. */
    public static final int MAX_DATAGRAM = 2048;

    private static final int MAX_HEADERS = 32;
    private static final int MAX_VALUE = 512;
    private static final int MAX_SEQUENCE_DIGITS = 18;

    private AdvertiseParser() {
    }

    /** Either a message or the reason there is none. */
    public record Result(AdvertiseMessage message, AdvertiseOutcome rejection) {
        static Result rejected(AdvertiseOutcome why) {
            return new Result(null, why);
        }

        public boolean ok() {
            return message != null;
        }
    }

    public static Result parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    public static Result parse(byte[] data, int offset, int length) {
        if (length > MAX_DATAGRAM) {
            return Result.rejected(AdvertiseOutcome.TOO_LARGE);
        }
        if (length == 0) {
            return Result.rejected(AdvertiseOutcome.MALFORMED);
        }
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            int b = data[i] & 0xff;
            if ((b < 0x20 && b != '\r' && b != '\n' && b != '\t') || b > 0x7e) {
                return Result.rejected(AdvertiseOutcome.BINARY);
            }
        }
        if (data[end - 1] != '\n') {
            return Result.rejected(AdvertiseOutcome.TRUNCATED);
        }
        // Only ASCII is left, so one byte is one char.
        String text = new String(data, offset, length, java.nio.charset.StandardCharsets.US_ASCII);
        return parseText(text);
    }

    private static Result parseText(String text) {
        int pos = 0;
        int lineEnd = text.indexOf('\n');
        int status = parseStatusLine(stripCr(text.substring(0, lineEnd)));
        if (status < 0) {
            return Result.rejected(AdvertiseOutcome.MALFORMED);
        }
        pos = lineEnd + 1;
        Map<String, String> headers = new HashMap<>();
        while (pos < text.length()) {
            lineEnd = text.indexOf('\n', pos);
            String line = stripCr(text.substring(pos, lineEnd));
            pos = lineEnd + 1;
            if (line.isEmpty()) {
                if (pos != text.length()) {
                    return Result.rejected(AdvertiseOutcome.MALFORMED); // data after the blank line
                }
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || headers.size() >= MAX_HEADERS) {
                return Result.rejected(AdvertiseOutcome.MALFORMED);
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (!isToken(name) || value.length() > MAX_VALUE
                    || headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
                return Result.rejected(AdvertiseOutcome.MALFORMED);
            }
        }
        if (status != 200 && status != 403 && status != 410) {
            return Result.rejected(AdvertiseOutcome.UNSUPPORTED_STATUS);
        }
        String date = headers.get("date");
        String sequence = headers.get("sequence");
        String digest = headers.get("digest");
        String server = headers.get("server");
        String managerAddress = headers.get("x-manager-address");
        if (date == null || date.isEmpty() || server == null || server.isEmpty()
                || !isSequence(sequence) || !isHexDigest(digest)
                || (status == 200 && (managerAddress == null || managerAddress.isEmpty()))) {
            return Result.rejected(AdvertiseOutcome.MALFORMED);
        }
        return new Result(new AdvertiseMessage(status, date, sequence, digest, server, managerAddress,
                headers.get("x-manager-url"), headers.get("x-manager-protocol"),
                headers.get("x-manager-host")), null);
    }

    /** {@code HTTP/1.x NNN reason}; returns the status or -1. */
    private static int parseStatusLine(String line) {
        if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' ') {
            return -1;
        }
        char minor = line.charAt(7);
        if (minor != '0' && minor != '1') {
            return -1;
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            status = status * 10 + (c - '0');
        }
        if (line.length() > 12 && line.charAt(12) != ' ') {
            return -1;
        }
        return status;
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSequence(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_SEQUENCE_DIGITS) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigest(String s) {
        return s != null && s.length() == 32 && AdvertiseDigest.isHex(s);
    }
}
