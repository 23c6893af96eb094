package org.clusteragent.advertise;

/**
 * What became of one received datagram. Every datagram the listener reads ends in exactly one
 * outcome, which {@link AdvertiseStatistics} counts; only {@link #ACCEPTED} and {@link #GOODBYE}
 * change the set of known proxies.
 */
public enum AdvertiseOutcome {
    /** A valid advertisement: the proxy is known, and alive as of now. */
    ACCEPTED,
    /** A valid 403/410 from a known proxy: it was reported lost. */
    GOODBYE,
    /** Larger than any advertisement can be. */
    TOO_LARGE,
    /** Contains bytes that are not printable US-ASCII, CR, LF or TAB. */
    BINARY,
    /** The last line has no line terminator: cut short. */
    TRUNCATED,
    /** Not an advertisement: bad status line, header syntax, missing or duplicate header, bad value. */
    MALFORMED,
    /** A well-formed datagram with a status other than 200, 403 or 410. */
    UNSUPPORTED_STATUS,
    /** The digest does not match the security key (or the zero salt when no key is set). */
    BAD_DIGEST,
    /** The Date header is further from our clock than advertiseMaxClockSkew. */
    CLOCK_SKEW,
    /** The Sequence is not greater than the last accepted one of that Server. */
    REPLAY,
    /** From a Server id that has said goodbye or was replaced by a restart: an old datagram. */
    RETIRED_SERVER,
    /** A goodbye from a Server id we never accepted an advertisement from. */
    UNKNOWN_SERVER,
    /** A known Server id advertising a different manager address than it did before. */
    ADDRESS_MISMATCH,
    /** A new Server id while the number of tracked proxies is at its limit. */
    TOO_MANY_PROXIES,
    /** Processing failed unexpectedly (a bug); the listener went on. */
    INTERNAL_ERROR
}
