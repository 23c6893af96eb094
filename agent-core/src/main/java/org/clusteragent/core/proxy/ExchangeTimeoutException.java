package org.clusteragent.core.proxy;

import java.net.SocketTimeoutException;

/**
 * An exchange with a proxy did not end within its deadline (socketTimeout): connect, TLS handshake,
 * request and the whole reply together took longer, however the proxy spread its bytes. Like any
 * timeout, the request is not retried.
 */
public final class ExchangeTimeoutException extends SocketTimeoutException {

    private static final long serialVersionUID = 1L;

    public ExchangeTimeoutException(String message) {
        super(message);
    }
}
