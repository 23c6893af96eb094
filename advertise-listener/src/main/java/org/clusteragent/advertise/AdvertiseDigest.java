package org.clusteragent.advertise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The advertise digest: lowercase hex MD5 over MD5(securityKey) as 16 raw bytes (16 zero bytes
 * when no key is set), then the Date, Sequence and Server strings, with no separators. MD5 is what
 * the proxies send; it authenticates only those three headers, not the manager address. Immutable
 * and thread-safe (a fresh MessageDigest per call).
 */
public final class AdvertiseDigest {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final byte[] salt;

    private AdvertiseDigest(byte[] salt) {
        this.salt = salt;
    }

    /** The digest for {@code securityKey}; {@code null} or empty means no key (the zero salt). */
    public static AdvertiseDigest forKey(String securityKey) {
        if (securityKey == null || securityKey.isEmpty()) {
            return new AdvertiseDigest(new byte[16]);
        }
        return new AdvertiseDigest(md5().digest(securityKey.getBytes(StandardCharsets.UTF_8)));
    }

    /** The lowercase hex digest of these header values. */
    public String compute(String date, String sequence, String server) {
        return toHex(raw(date, sequence, server));
    }

    /** True when {@code message}'s Digest matches; compares in constant time, ignoring hex case. */
    public boolean verify(AdvertiseMessage message) {
        byte[] sent = fromHex(message.digest());
        return sent != null && MessageDigest.isEqual(sent,
                raw(message.date(), message.sequence(), message.server()));
    }

    private byte[] raw(String date, String sequence, String server) {
        MessageDigest md = md5();
        md.update(salt);
        md.update(date.getBytes(StandardCharsets.UTF_8));
        md.update(sequence.getBytes(StandardCharsets.UTF_8));
        md.update(server.getBytes(StandardCharsets.UTF_8));
        return md.digest();
    }

    static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] fromHex(String hex) {
        if (hex.length() != 32 || !isHex(hex)) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = (byte) (Character.digit(hex.charAt(2 * i), 16) << 4
                    | Character.digit(hex.charAt(2 * i + 1), 16));
        }
        return out;
    }

    private static String toHex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide MD5.
            throw new IllegalStateException("MD5 is not available", e);
        }
    }
}
