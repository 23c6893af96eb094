package org.clusteragent.advertise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Test oracle: builds advertise datagrams straight from MCMP.md, with its own MD5 code (no
 * production class involved).
 */
final class Datagrams {

    static final DateTimeFormatter HTTPD_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    static final DateTimeFormatter UNDERTOW_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private Datagrams() {
    }

    /** MD5(MD5(key) or 16 zero bytes, date, sequence, server) in lowercase hex, per MCMP.md. */
    static String digest(String key, String date, String sequence, String server) {
        try {
            MessageDigest outer = MessageDigest.getInstance("MD5");
            byte[] salt = key == null ? new byte[16]
                    : MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.US_ASCII));
            outer.update(salt);
            outer.update(date.getBytes(StandardCharsets.US_ASCII));
            outer.update(sequence.getBytes(StandardCharsets.US_ASCII));
            outer.update(server.getBytes(StandardCharsets.US_ASCII));
            StringBuilder hex = new StringBuilder();
            for (byte b : outer.digest()) {
                hex.append(String.format("%02x", b & 0xff));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** An httpd-style 200 advertisement (ends with a blank line). */
    static byte[] advertise(String key, Instant when, long seq, String server, String managerAddress,
            String protocol) {
        String date = HTTPD_DATE.format(when);
        String s = Long.toString(seq);
        return ("HTTP/1.0 200 OK\r\n"
                + "Date: " + date + "\r\n"
                + "Sequence: " + s + "\r\n"
                + "Digest: " + digest(key, date, s, server) + "\r\n"
                + "Server: " + server + "\r\n"
                + "X-Manager-Address: " + managerAddress + "\r\n"
                + "X-Manager-Url: /" + server + "\r\n"
                + "X-Manager-Protocol: " + protocol + "\r\n"
                + "X-Manager-Host: localhost\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] advertise(String key, Instant when, long seq, String server, String managerAddress) {
        return advertise(key, when, seq, server, managerAddress, "http");
    }

    /** A 403 or 410 goodbye: Date, Sequence, Digest, Server only. */
    static byte[] goodbye(int status, String key, Instant when, long seq, String server) {
        String date = HTTPD_DATE.format(when);
        String s = Long.toString(seq);
        String reason = status == 410 ? "Gone" : "Forbidden";
        return ("HTTP/1.0 " + status + " " + reason + "\r\n"
                + "Date: " + date + "\r\n"
                + "Sequence: " + s + "\r\n"
                + "Digest: " + digest(key, date, s, server) + "\r\n"
                + "Server: " + server + "\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
