package org.clusteragent.advertise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class AdvertiseParserTest {

    /** The httpd datagram of MCMP.md, byte for byte (CRLF line ends, final blank line). */
    static final String HTTPD = "HTTP/1.0 200 OK\r\n"
            + "Date: Sun, 22 Nov 2026 04:16:12 GMT\r\n"
            + "Sequence: 9\r\n"
            + "Digest: 780143a4ebf83f08094cce53f2280561\r\n"
            + "Server: f255c684-8dd4-4c7b-a0bc-8bbb768aa10a\r\n"
            + "X-Manager-Address: 127.0.0.1:6666\r\n"
            + "X-Manager-Url: /f255c684-8dd4-4c7b-a0bc-8bbb768aa10a\r\n"
            + "X-Manager-Protocol: http\r\n"
            + "X-Manager-Host: 127.0.0.1\r\n"
            + "\r\n";

    /** Undertow's form: one-digit day, +0000 offset, Sequence from 0, no final blank line. */
    static final String UNDERTOW = "HTTP/1.0 200 OK\r\n"
            + "Date: Thu, 5 Mar 2026 09:24:02 +0000\r\n"
            + "Sequence: 0\r\n"
            + "Digest: 00000000000000000000000000000000\r\n"
            + "Server: b58743ba-fd84-11e1-bd12-ad866be2b4cc\r\n"
            + "X-Manager-Address: 127.0.0.1:6666\r\n"
            + "X-Manager-Url: /\r\n"
            + "X-Manager-Protocol: https\r\n"
            + "X-Manager-Host: 127.0.0.1\r\n";

    private static AdvertiseParser.Result parse(String s) {
        return AdvertiseParser.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void parsesTheHttpdDatagram() {
        AdvertiseMessage m = parse(HTTPD).message();
        assertEquals(new AdvertiseMessage(200, "Sun, 22 Nov 2026 04:16:12 GMT", "9",
                "780143a4ebf83f08094cce53f2280561", "f255c684-8dd4-4c7b-a0bc-8bbb768aa10a",
                "127.0.0.1:6666", "/f255c684-8dd4-4c7b-a0bc-8bbb768aa10a", "http", "127.0.0.1"), m);
        assertFalse(m.isGoodbye());
        assertEquals(9L, m.sequenceNumber());
    }

    @Test
    void parsesUndertowsDatagram() {
        AdvertiseMessage m = parse(UNDERTOW).message();
        assertEquals("Thu, 5 Mar 2026 09:24:02 +0000", m.date());
        assertEquals("0", m.sequence());
        assertEquals("https", m.managerProtocol());
        assertEquals("/", m.managerUrl());
        assertEquals(0L, m.sequenceNumber());
    }

    @Test
    void parsesBothDateForms() {
        assertEquals(java.time.Instant.parse("2026-11-22T04:16:12Z"),
                AdvertiseTracker.parseDate("Sun, 22 Nov 2026 04:16:12 GMT"));
        assertEquals(java.time.Instant.parse("2026-03-05T09:24:02Z"),
                AdvertiseTracker.parseDate("Thu, 5 Mar 2026 09:24:02 +0000"));
        assertEquals(java.time.Instant.parse("2026-03-05T08:24:02Z"),
                AdvertiseTracker.parseDate("Thu, 5 Mar 2026 09:24:02 +0100"));
        assertNull(AdvertiseTracker.parseDate("yesterday"));
        assertNull(AdvertiseTracker.parseDate("Mon, 22 Nov 2026 04:16:12 GMT")); // wrong weekday
    }

    @Test
    void acceptsBareLineFeedsAndHeaderCaseVariants() {
        String s = HTTPD.replace("\r\n", "\n").replace("Sequence:", "SEQUENCE:").replace("Digest: ", "digest:");
        assertTrue(parse(s).ok(), "bare LF, upper/lower case names, no blank after colon");
    }

    @Test
    void parsesGoodbyes() {
        String gone = "HTTP/1.0 410 Gone\r\nDate: Sun, 22 Nov 2026 04:16:12 GMT\r\nSequence: 10\r\n"
                + "Digest: 780143a4ebf83f08094cce53f2280561\r\nServer: x\r\n\r\n";
        AdvertiseMessage m = parse(gone).message();
        assertTrue(m.isGoodbye());
        assertNull(m.managerAddress());
        assertTrue(parse(gone.replace("410 Gone", "403 Forbidden")).message().isGoodbye());
    }

    @Test
    void rejectsEachKindOfBadDatagram() {
        assertEquals(AdvertiseOutcome.TRUNCATED, parse(HTTPD.substring(0, 60)).rejection());
        assertEquals(AdvertiseOutcome.TRUNCATED, parse(UNDERTOW.substring(0, UNDERTOW.length() - 2)).rejection());
        assertEquals(AdvertiseOutcome.BINARY, parse(HTTPD.replace('S', '\0')).rejection());
        assertEquals(AdvertiseOutcome.BINARY, parse(HTTPD.replace("Server: ", "Server: \u00e9")).rejection());
        assertEquals(AdvertiseOutcome.TOO_LARGE, parse(HTTPD + "X".repeat(3000) + "\r\n").rejection());
        assertEquals(AdvertiseOutcome.MALFORMED, parse("").rejection());
        assertEquals(AdvertiseOutcome.MALFORMED, parse(HTTPD.replace("HTTP/1.0 200 OK", "HTTP/2 200 OK")).rejection());
        assertEquals(AdvertiseOutcome.MALFORMED, parse(HTTPD.replace("200 OK", "2x0 OK")).rejection());
        assertEquals(AdvertiseOutcome.UNSUPPORTED_STATUS, parse(HTTPD.replace("200 OK", "404 Not Found")).rejection());
        assertEquals(AdvertiseOutcome.MALFORMED, parse(HTTPD.replace("Sequence: 9", "Sequence: -9")).rejection());
        assertEquals(AdvertiseOutcome.MALFORMED, parse(HTTPD.replace("Sequence: 9", "Sequence: 9999999999999999999")).rejection());
        assertEquals(AdvertiseOutcome.MALFORMED, parse(HTTPD.replace("Digest: 7", "Digest: ")).rejection());
        assertEquals(AdvertiseOutcome.MALFORMED, parse(HTTPD.replace("Digest: 7", "Digest: z")).rejection());
        assertEquals(AdvertiseOutcome.MALFORMED, parse(HTTPD.replace("Server: f255c684-8dd4-4c7b-a0bc-8bbb768aa10a\r\n", "")).rejection());
        assertEquals(AdvertiseOutcome.MALFORMED, parse(HTTPD.replace("X-Manager-Address: 127.0.0.1:6666\r\n", "")).rejection());
        assertEquals(AdvertiseOutcome.MALFORMED, parse(HTTPD.replace("Sequence: 9\r\n", "Sequence: 9\r\nSequence: 10\r\n")).rejection(), "duplicate header");
        assertEquals(AdvertiseOutcome.MALFORMED, parse(HTTPD.replace("Sequence: 9", "Sequence 9")).rejection(), "no colon");
        assertEquals(AdvertiseOutcome.MALFORMED, parse(HTTPD + "extra\r\n").rejection(), "data after the blank line");
        assertEquals(AdvertiseOutcome.MALFORMED, parse("HTTP/1.0 200 OK\r\n" + "X-A: b\r\n".repeat(40)).rejection(), "too many headers");
    }

    @Test
    void neverReadsOutsideTheGivenRange() {
        byte[] padded = ("garbage" + HTTPD + "more").getBytes(StandardCharsets.US_ASCII);
        AdvertiseParser.Result r = AdvertiseParser.parse(padded, 7, HTTPD.length());
        assertTrue(r.ok());
        assertEquals("9", r.message().sequence());
    }
}
