package org.clusteragent.core.fakeproxy;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FakeProxy} puts a reply on the wire when it misbehaves at the socket level, as
 * OkHttp's MockWebServer does with its socket policies and throttling: the request is read and
 * recorded as usual, the reply is the one the proxy (or a script) chose, and only the way its bytes
 * are written changes. Set one per method with {@link FakeProxy#wire(String, WireFault)}. Immutable.
 */
public sealed interface WireFault {

    /** Writes the whole reply, status line included, {@code bytes} at a time, pausing {@code period} before each piece. */
    record Throttle(int bytes, Duration period) implements WireFault {
        public Throttle {
            if (bytes < 1) {
                throw new IllegalArgumentException("bytes=" + bytes + " must be at least 1");
            }
            Objects.requireNonNull(period, "period");
        }
    }

    /** Writes nothing for {@code duration} after reading the request, then the reply. */
    record Stall(Duration duration) implements WireFault {
        public Stall {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** Writes the head and half of the body (at least one byte), then closes the connection. */
    record DisconnectMidBody() implements WireFault {
    }

    /** Shuts down its output (the client reads end of stream) right after the request, writing no reply. */
    record HalfCloseAfterRequest() implements WireFault {
    }

    /** Writes {@code count} {@code 100 Continue} replies, pausing {@code gap} before each, then the reply. */
    record Interim(int count, Duration gap) implements WireFault {
        public Interim {
            Objects.requireNonNull(gap, "gap");
        }
    }

    /** Writes the status line, then one more header line every {@code gap}, never ending the head. */
    record EndlessHeaders(Duration gap) implements WireFault {
        public EndlessHeaders {
            Objects.requireNonNull(gap, "gap");
        }
    }

    static WireFault throttle(int bytes, Duration period) {
        return new Throttle(bytes, period);
    }

    static WireFault stall(Duration duration) {
        return new Stall(duration);
    }

    static WireFault disconnectMidBody() {
        return new DisconnectMidBody();
    }

    static WireFault halfCloseAfterRequest() {
        return new HalfCloseAfterRequest();
    }

    static WireFault interim(int count, Duration gap) {
        return new Interim(count, gap);
    }

    static WireFault endlessHeaders(Duration gap) {
        return new EndlessHeaders(gap);
    }
}
