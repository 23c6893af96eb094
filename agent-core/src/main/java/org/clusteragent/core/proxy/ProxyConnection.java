package org.clusteragent.core.proxy;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.clusteragent.core.mcmp.RawReply;
import org.clusteragent.spi.ProxyAddress;

/**
 * One blocking HTTP/1.1 client connection to one proxy's MCMP endpoint: it writes a request's
 * bytes exactly as given and reads back one complete reply, keeping the connection open between
 * exchanges unless the proxy said {@code Connection: close}, framed the body by closing, or the
 * socket failed. <b>One deadline per exchange:</b> the DNS lookup, connect, TLS handshake, request
 * and the whole reply together end within {@code socketTimeout} of the call, however slowly the
 * proxy sends (see {@link DeadlineInputStream}) and even when it stops reading the request (a
 * write still blocked at the deadline is cut off by closing the socket, see
 * {@link DeadlineOutputStream}); past it the exchange fails with an
 * {@link ExchangeTimeoutException}. TLS is used when the address is secure, with the settings' context, cipher suites and (by default) RFC 2818
 * host name verification against the address dialled.
 *
 * <p><b>One retry.</b> A proxy may close an idle keep-alive connection at any time (httpd's
 * KeepAliveTimeout). If an exchange on a <em>reused</em> connection fails before the first byte of
 * the reply arrives, and not by a read timeout, the request is written once more on a fresh
 * connection. The proxy may, rarely, have processed the first copy; that is acceptable because
 * every MCMP command sets state (CONFIG, ENABLE/DISABLE/STOP/REMOVE-APP, STATUS) or only reads it
 * (INFO, DUMP, PING), so applying one twice leaves the proxy as applying it once would. After a
 * timeout, or once any reply byte was read, nothing is retried: the proxy is slow or broken, and
 * waiting twice would only delay the caller's error handling.
 *
 * <p><b>Why not {@code java.net.http.HttpClient}.</b> Checked on JDK 17.0.15: it cannot bind a local address
 * ({@code Builder.localAddress} arrived in JDK 19), it refuses to let the caller set the
 * {@code Host} and {@code Connection} headers (restricted names, unless a JVM-wide system property
 * is set), it starts a selector thread of its own per client ({@code HttpClient-N-SelectorManager},
 * outside our {@code clusteragent-} naming and lifecycle), and it writes its own header bytes, so what reaches the proxy would no longer be the encoder's
 * tested bytes. MCMP needs one request at a time on one connection, which a socket does simply.
 *
 * <p>Not thread-safe: a connection belongs to one {@link ProxyLane}. {@link #close()} may be
 * called from another thread to abort a blocked exchange.
 */
public final class ProxyConnection implements Closeable {

    /** Largest reply body accepted; a DUMP of a large proxy is far smaller. */
    public static final int MAX_REPLY_BYTES = 4 * 1024 * 1024;

    private final ProxyAddress address;
    private final ProxySettings settings;
    private final BoundedResolver resolver;
    private final WriteWatchdog watchdog;
    private final long timeoutNanos;
    private volatile Socket socket;
    private volatile boolean closed;
    private volatile Socket connecting;
    private volatile Socket tcp;
    private InputStream in;
    private DeadlineInputStream raw;
    private DeadlineOutputStream rawOut;
    private OutputStream out;
    private volatile long connectionsOpened;
    /** What the last TLS handshake showed of the client certificate. */
    private ClientCertificateRequests.Answer certificateAnswer = ClientCertificateRequests.Answer.NOT_KNOWN;

    public ProxyConnection(ProxyAddress address, ProxySettings settings) {
        this.address = Objects.requireNonNull(address, "address");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.resolver = new BoundedResolver(address.host(), address.port());
        this.watchdog = new WriteWatchdog("clusteragent-watchdog-" + address.host() + ":" + address.port());
        this.timeoutNanos = settings.socketTimeout().toNanos();
    }

    /** The proxy this connection talks to. */
    public ProxyAddress address() {
        return address;
    }

    /** How many TCP connections this object has opened so far (1 for the first). */
    public long connectionsOpened() {
        return connectionsOpened;
    }

    /** Whether a connection is currently open (it may still have been closed by the peer). */
    public boolean isOpen() {
        return socket != null;
    }

    /**
     * Sends one complete request and returns the proxy's complete reply, connecting first if
     * needed and retrying once as described in the class comment.
     *
     * @throws IOException connection refused or failed, TLS failure, a reply that is not HTTP/1.x
     *                     or larger than {@link #MAX_REPLY_BYTES}, or an
     *                     {@link ExchangeTimeoutException} when it all took longer than
     *                     {@code socketTimeout}; the connection is closed when this is thrown
     */
    public RawReply exchange(byte[] request) throws IOException {
        if (closed) {
            throw new IOException("connection to " + address + " was closed");
        }
        long deadline = System.nanoTime() + timeoutNanos;
        String what = "no complete exchange with " + address + " within socketTimeout="
                + settings.socketTimeout().toMillis() + " ms";
        if (socket != null) {
            // A connection only stays open after a complete exchange, so this one is being reused.
            HttpReplyReader reader = new HttpReplyReader(in, MAX_REPLY_BYTES);
            try {
                return send(request, reader, deadline, what);
            } catch (IOException e) {
                disconnect();
                if (closed || e instanceof SocketTimeoutException || reader.started()) {
                    throw e;
                }
                // the proxy most likely closed the idle connection: one try on a fresh one, same deadline
            }
        }
        try {
            open(deadline, what);
        } catch (IOException e) {
            disconnect();
            throw e;
        }
        HttpReplyReader reader = new HttpReplyReader(in, MAX_REPLY_BYTES);
        try {
            return send(request, reader, deadline, what);
        } catch (IOException e) {
            disconnect();
            if (address.secure() && !closed && !reader.started() && !(e instanceof SocketTimeoutException)) {
                // a proxy that wants a client certificate it did not get closes here under TLS 1.3
                throw new TlsFailureException(true, certificateAnswer, e);
            }
            throw e;
        }
    }

    private RawReply send(byte[] request, HttpReplyReader reader, long deadline, String what) throws IOException {
        raw.deadline(deadline, what);
        rawOut.deadline(deadline, what);
        out.write(request);
        out.flush();
        RawReply reply = reader.read();
        if (reader.closeAfter()) {
            disconnect();
        }
        return reply;
    }

    private void open(long deadline, String what) throws IOException {
        InetAddress ip = resolver.resolve(deadline, what);
        DeadlineSocket plain = new DeadlineSocket(watchdog);
        connecting = plain; // so that close() can abort a connect or handshake in progress
        try {
            if (settings.localAddress().isPresent()) {
                plain.bind(new InetSocketAddress(settings.localAddress().get(), 0));
            }
            plain.setTcpNoDelay(true);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ExchangeTimeoutException(what + " (the DNS lookup took it all)");
            }
            try {
                plain.connect(new InetSocketAddress(ip, address.port()),
                        (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (SocketTimeoutException e) {
                ExchangeTimeoutException timeout = new ExchangeTimeoutException(what + " (connect timed out)");
                timeout.initCause(e);
                throw timeout;
            }
            raw = plain.deadlineStream();
            raw.deadline(deadline, what); // bounds the TLS handshake too: it reads and writes through these
            rawOut = plain.deadlineOutput();
            rawOut.deadline(deadline, what);
            Socket s = address.secure() ? wrapTls(plain) : plain;
            connectionsOpened++;
            in = new BufferedInputStream(s.getInputStream(), 8192);
            out = s.getOutputStream();
            tcp = plain;
            socket = s;
            if (closed) {
                disconnect(); // close() ran while we connected
                throw new IOException("connection to " + address + " was closed");
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(plain);
            throw e;
        } finally {
            connecting = null;
        }
    }

    private Socket wrapTls(Socket plain) throws IOException {
        SSLContext context;
        try {
            context = settings.sslContext() != null ? settings.sslContext() : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no default SSLContext available for " + address + ": " + e.getMessage(), e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, address.host(), address.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        if (settings.verifyHostname()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!settings.tlsCiphers().isEmpty()) {
            parameters.setCipherSuites(settings.tlsCiphers().toArray(String[]::new));
        }
        tls.setSSLParameters(parameters);
        handshake(tls, context);
        return tls;
    }

    /** Runs the handshake, noting what the proxy asked of this node's certificate for a later failure's warning. */
    private void handshake(SSLSocket tls, SSLContext context) throws IOException {
        certificateAnswer = ClientCertificateRequests.Answer.NOT_KNOWN;
        ClientCertificateRequests.reset();
        try {
            tls.startHandshake();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw closed ? e : new TlsFailureException(false, ClientCertificateRequests.answer(context), e);
        }
        certificateAnswer = ClientCertificateRequests.answer(context);
        Certificate[] presented = tls.getSession().getLocalCertificates();
        if (certificateAnswer.request() == ClientCertificateRequests.Request.NOT_KNOWN && presented != null
                && presented.length > 0 && presented[0] instanceof X509Certificate x509) {
            // a context not built here: the session still says what was presented
            certificateAnswer = new ClientCertificateRequests.Answer(ClientCertificateRequests.Request.NOT_KNOWN,
                    Optional.of(x509.getSubjectX500Principal().getName()), Optional.empty());
        }
    }

    /**
     * Closes for good: a blocked exchange fails with an {@link IOException} and is not retried, and
     * every later exchange fails at once. Safe to call from any thread; idempotent.
     */
    @Override
    public void close() {
        closed = true;
        resolver.close();
        // Close the TCP sockets first: SSLSocket.close() may wait for a reader blocked in another thread.
        for (Socket raw : new Socket[] {connecting, tcp}) {
            if (raw != null) {
                closeQuietly(raw);
            }
        }
        disconnect();
        watchdog.close();
    }

    /** Closes the current TCP connection, if any; the next exchange opens a new one. */
    public void disconnect() {
        Socket s = socket;
        socket = null;
        tcp = null;
        if (s != null) {
            closeQuietly(s);
        }
    }

    /**
     * A plain socket whose streams are a {@link DeadlineInputStream} and a {@link DeadlineOutputStream},
     * also under TLS (which reads and writes through them).
     */
    private static final class DeadlineSocket extends Socket {
        private final WriteWatchdog watchdog;
        private DeadlineInputStream stream;
        private DeadlineOutputStream output;

        DeadlineSocket(WriteWatchdog watchdog) {
            this.watchdog = watchdog;
        }

        synchronized DeadlineInputStream deadlineStream() throws IOException {
            if (stream == null) {
                stream = new DeadlineInputStream(super.getInputStream(), this);
            }
            return stream;
        }

        synchronized DeadlineOutputStream deadlineOutput() throws IOException {
            if (output == null) {
                output = new DeadlineOutputStream(super.getOutputStream(), this, watchdog);
            }
            return output;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return deadlineStream();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return deadlineOutput();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing useful to do: the socket is gone either way
        }
    }
}
