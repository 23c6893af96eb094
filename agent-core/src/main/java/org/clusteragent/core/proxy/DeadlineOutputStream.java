package org.clusteragent.core.proxy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A socket's output stream whose every write ends by the deadline of the exchange in progress, the
 * counterpart of {@link DeadlineInputStream}: a write that has not returned by then is cut off by a
 * {@link WriteWatchdog} closing the socket, and fails with an {@link ExchangeTimeoutException}; a
 * write started after the deadline fails at once. It sits under TLS too, so handshake and
 * close_notify records are bounded the same way. Before the first deadline is set, writes are not
 * watched. {@link #deadline} is set by the lane thread; writes may also come from a thread closing
 * the connection.
 */
final class DeadlineOutputStream extends FilterOutputStream {

    private static final long NONE = Long.MIN_VALUE;

    private final Socket socket;
    private final WriteWatchdog watchdog;
    private volatile long deadlineNanos = NONE;
    private volatile String what = "";

    DeadlineOutputStream(OutputStream out, Socket socket, WriteWatchdog watchdog) {
        super(out);
        this.socket = socket;
        this.watchdog = watchdog;
    }

    /** Every write from now on must end by {@code nanos} ({@link System#nanoTime()}); {@code what} names the bound. */
    void deadline(long nanos, String what) {
        this.what = what;
        this.deadlineNanos = nanos;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        long deadline = deadlineNanos;
        if (deadline == NONE) {
            out.write(b, off, len);
            return;
        }
        if (deadline - System.nanoTime() <= 0) {
            throw new ExchangeTimeoutException(what + " (the request could not be written in time)");
        }
        WriteWatchdog.Watch watch = watchdog.watch(socket, deadline);
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            if (watch.fired()) {
                throw stalled(e);
            }
            throw e;
        } finally {
            watch.end();
        }
        if (watch.fired()) {
            throw stalled(null); // written just as the socket was closed: the reply cannot be read anyway
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush(); // a socket stream buffers nothing
    }

    private ExchangeTimeoutException stalled(IOException cause) {
        ExchangeTimeoutException timeout = new ExchangeTimeoutException(what
                + " (the proxy stopped reading the request; the connection was closed at the deadline)");
        if (cause != null) {
            timeout.initCause(cause);
        }
        return timeout;
    }
}
