package org.clusteragent.advertise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class AdvertiseDigestTest {

    private static AdvertiseMessage parse(String s) {
        return AdvertiseParser.parse(s.getBytes(StandardCharsets.US_ASCII)).message();
    }

    @Test
    void httpdDatagramOfTheSpecVerifiesWithKeySecret() {
        // The oracle computes the spec's formula with its own MD5 code ...
        String expected = Datagrams.digest("secret", "Sun, 22 Nov 2026 04:16:12 GMT", "9",
                "f255c684-8dd4-4c7b-a0bc-8bbb768aa10a");
        // ... and it agrees with the Digest the proxy put in the literal datagram.
        assertEquals("780143a4ebf83f08094cce53f2280561", expected);
        AdvertiseMessage m = parse(AdvertiseParserTest.HTTPD);
        assertEquals(expected, AdvertiseDigest.forKey("secret").compute(m.date(), m.sequence(), m.server()));
        assertTrue(AdvertiseDigest.forKey("secret").verify(m));
        assertFalse(AdvertiseDigest.forKey("Secret").verify(m));
        assertFalse(AdvertiseDigest.forKey(null).verify(m));
    }

    @Test
    void undertowFormWithZeroSaltAndWithKey() {
        String date = "Thu, 5 Mar 2026 09:24:02 +0000";
        String server = "b58743ba-fd84-11e1-bd12-ad866be2b4cc";
        for (String key : new String[] {null, "k3y"}) {
            String digest = Datagrams.digest(key, date, "0", server);
            AdvertiseMessage m = parse(AdvertiseParserTest.UNDERTOW.replace(
                    "00000000000000000000000000000000", digest));
            assertTrue(AdvertiseDigest.forKey(key).verify(m), "key " + key);
            assertEquals(key == null, AdvertiseDigest.forKey("").verify(m), "empty key = no key");
        }
    }

    @Test
    void uppercaseHexIsAcceptedAndAnyChangedFieldIsNot() {
        AdvertiseMessage m = parse(AdvertiseParserTest.HTTPD.replace(
                "780143a4ebf83f08094cce53f2280561", "780143A4EBF83F08094CCE53F2280561"));
        assertTrue(AdvertiseDigest.forKey("secret").verify(m));
        assertFalse(AdvertiseDigest.forKey("secret").verify(parse(AdvertiseParserTest.HTTPD.replace("Sequence: 9", "Sequence: 10"))));
        assertFalse(AdvertiseDigest.forKey("secret").verify(parse(AdvertiseParserTest.HTTPD.replace("Sequence: 9", "Sequence: 09"))));
        assertFalse(AdvertiseDigest.forKey("secret").verify(parse(AdvertiseParserTest.HTTPD.replace("04:16:12", "04:16:13"))));
        assertFalse(AdvertiseDigest.forKey("secret").verify(parse(AdvertiseParserTest.HTTPD.replace("aa10a", "aa10b"))));
    }
}
