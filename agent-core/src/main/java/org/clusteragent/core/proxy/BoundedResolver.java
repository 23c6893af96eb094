package org.clusteragent.core.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Resolves one proxy's host name within a deadline. The JDK's lookup cannot be interrupted or given
 * a timeout, so a name (never an IP literal, which needs no lookup) is looked up on a helper thread,
 * {@code clusteragent-dns-<host>:<port>}, while the caller waits at most until its deadline. At most
 * one lookup runs at a time: while a hung lookup still runs, the next connect fails at once instead
 * of starting another thread. The thread is created on the first lookup, ends after 30 s without
 * one, and is stopped by {@link #close()} (a lookup stuck inside the resolver ends with the
 * resolver's own timeout; the thread is a daemon). Used by one lane thread; close from any thread.
 */
final class BoundedResolver implements AutoCloseable {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** The blocking lookup; the JDK's by default, replaceable in tests. */
    interface Lookup {
        InetAddress byName(String host) throws IOException;
    }

    private final String host;
    private final String threadName;
    private final Lookup lookup;
    private ThreadPoolExecutor executor;
    private boolean closed;

    BoundedResolver(String host, int port) {
        this(host, port, InetAddress::getByName);
    }

    BoundedResolver(String host, int port, Lookup lookup) {
        this.host = host;
        this.threadName = "clusteragent-dns-" + host + ":" + port;
        this.lookup = lookup;
    }

    /** Whether the host is an IP literal, which resolves without any lookup. */
    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    /**
     * The host's address, by {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @throws ExchangeTimeoutException when the lookup did not end in time
     * @throws UnknownHostException     when the name does not resolve
     */
    InetAddress resolve(long deadlineNanos, String what) throws IOException {
        if (isLiteral(host)) {
            return InetAddress.getByName(host);
        }
        Future<InetAddress> lookup;
        try {
            lookup = executor().submit(() -> this.lookup.byName(host));
        } catch (RejectedExecutionException e) {
            if (isClosed()) {
                throw new IOException("the connection was closed before " + host + " was looked up");
            }
            throw new ExchangeTimeoutException("the DNS lookup of " + host + " for an earlier connect is still running"
                    + " (" + what + ")");
        }
        try {
            return lookup.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new ExchangeTimeoutException("the DNS lookup of " + host + " did not end in time (" + what + ")");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("the DNS lookup of " + host + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while looking up " + host);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private synchronized ThreadPoolExecutor executor() {
        if (closed) {
            throw new RejectedExecutionException("closed");
        }
        if (executor == null) {
            executor = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }
        return executor;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
