package org.clusteragent.advertise;

import java.util.Objects;

/**
 * One parsed advertise datagram, before any digest, clock or sequence check. Header values are
 * kept exactly as sent (trimmed of surrounding blanks) because the digest covers the strings, not
 * their meaning. {@code managerAddress}, {@code managerUrl}, {@code managerProtocol} and
 * {@code managerHost} are {@code null} when absent (a goodbye carries none of them). Immutable.
 *
 * @param status   HTTP status of the status line: 200 advertises, 403 and 410 say goodbye
 * @param date     the Date header as sent
 * @param sequence the Sequence header as sent: decimal digits only
 * @param digest   the Digest header as sent: 32 hex digits
 * @param server   the Server header: the proxy's id for this run of the proxy
 */
public record AdvertiseMessage(int status, String date, String sequence, String digest,
        String server, String managerAddress, String managerUrl, String managerProtocol,
        String managerHost) {

    public AdvertiseMessage {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(server, "server");
    }

    /** True for 403 and 410: the proxy is shutting down. */
    public boolean isGoodbye() {
        return status == 403 || status == 410;
    }

    /** The Sequence as a number; the parser guarantees it fits. */
    public long sequenceNumber() {
        return Long.parseLong(sequence);
    }
}
