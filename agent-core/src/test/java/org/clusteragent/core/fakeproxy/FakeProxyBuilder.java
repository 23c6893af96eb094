package org.clusteragent.core.fakeproxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * Options of a {@link FakeProxy} fixed at start: TLS and the port. The reply-style options are only the
 * starting values; they can be changed on the running proxy. Not thread-safe; use once.
 */
public final class FakeProxyBuilder {
    SSLContext sslContext;
    boolean needClientAuth;
    int port;
    boolean chunked = true;
    boolean closeAfterEachReply;
    Duration keepAliveTimeout = Duration.ZERO;
    int chunkSize = 8192;
    int receiveBufferSize;

    FakeProxyBuilder() {
    }

    /** Serve HTTPS with this context; with {@code needClientAuth}, refuse clients without a trusted certificate. */
    public FakeProxyBuilder tls(SSLContext context, boolean needClientAuth) {
        this.sslContext = context;
        this.needClientAuth = needClientAuth;
        return this;
    }

    /** Port on 127.0.0.1; 0 (the default) picks a free one. */
    public FakeProxyBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** Chunked success replies (the default, like httpd) or fixed {@code Content-Length}. */
    public FakeProxyBuilder chunked(boolean chunked) {
        this.chunked = chunked;
        return this;
    }

    /** Largest chunk written; smaller values split replies into several chunks. Default 8192. */
    public FakeProxyBuilder chunkSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("chunkSize=" + bytes + " must be at least 1");
        }
        this.chunkSize = bytes;
        return this;
    }

    /** SO_RCVBUF of accepted connections, set before listening so TCP window scaling honours it; 0 (default): the system's. */
    public FakeProxyBuilder receiveBufferSize(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("receiveBufferSize=" + bytes + " must not be negative");
        }
        this.receiveBufferSize = bytes;
        return this;
    }

    /** Answer {@code Connection: close} and close after every reply, as Undertow's balancer does. */
    public FakeProxyBuilder closeAfterEachReply(boolean close) {
        this.closeAfterEachReply = close;
        return this;
    }

    /** Close a connection idle this long between requests (httpd: 5 s); zero (the default) never does. */
    public FakeProxyBuilder keepAliveTimeout(Duration timeout) {
        this.keepAliveTimeout = timeout;
        return this;
    }

    /** Binds and starts accepting; the caller must {@link FakeProxy#close()} it. */
    public FakeProxy start() {
        FakeProxy proxy = new FakeProxy(this);
        try {
            proxy.listen(port);
        } catch (IOException e) {
            proxy.close();
            throw new UncheckedIOException("fake proxy could not listen on 127.0.0.1:" + port, e);
        }
        return proxy;
    }
}
