package org.clusteragent.core.proxy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * A socket's input stream whose every read ends by the deadline of the exchange in progress: before
 * each read it sets the socket's read timeout to the time left, and when none is left it throws an
 * {@link ExchangeTimeoutException}. A peer that sends one byte just before each read would time
 * out can so never stretch an exchange past its deadline, as a plain {@code SO_TIMEOUT} (which
 * bounds each read alone) lets it. It sits under TLS too, so a trickled handshake is bounded the
 * same way. Between exchanges there is no deadline and reads are not expected. Used by one lane
 * thread; {@link #deadline(long, String)} and the reads run on it.
 */
final class DeadlineInputStream extends FilterInputStream {

    private static final long NONE = Long.MIN_VALUE;

    private final Socket socket;
    private long deadlineNanos = NONE;
    private String what = "";

    DeadlineInputStream(InputStream in, Socket socket) {
        super(in);
        this.socket = socket;
    }

    /** Every read from now on must end by {@code nanos} ({@link System#nanoTime()}); {@code what} names the bound. */
    void deadline(long nanos, String what) {
        this.deadlineNanos = nanos;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        arm();
        try {
            return super.read();
        } catch (SocketTimeoutException e) {
            throw expired(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        try {
            return super.read(b, off, len);
        } catch (SocketTimeoutException e) {
            throw expired(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        arm();
        try {
            return super.skip(n);
        } catch (SocketTimeoutException e) {
            throw expired(e);
        }
    }

    /** The read timeout was the time left, so a timeout means the deadline passed. */
    private IOException expired(SocketTimeoutException e) {
        if (deadlineNanos == NONE || e instanceof ExchangeTimeoutException) {
            return e;
        }
        ExchangeTimeoutException timeout = new ExchangeTimeoutException(what);
        timeout.initCause(e);
        return timeout;
    }

    private void arm() throws IOException {
        if (deadlineNanos == NONE) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new ExchangeTimeoutException(what);
        }
        // round up, so that a read never times out before the deadline; 0 would mean "no timeout"
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
    }
}
