package org.clusteragent.core.proxy;

import java.io.IOException;

import org.clusteragent.spi.ProxyAddress;

/**
 * A request was not sent because its proxy is in {@link ProxyState#ERROR}, {@link ProxyState#DOWN}
 * or {@link ProxyState#CLOSED}. Completes the futures of dropped commands and is thrown by
 * {@link ProxyLane#exchange} once the lane has left a sendable state. Immutable.
 */
public final class ProxyUnavailableException extends IOException {

    private final ProxyAddress proxy;
    private final ProxyState state;

    public ProxyUnavailableException(ProxyAddress proxy, ProxyState state) {
        super("proxy " + proxy + " is " + state + "; request not sent");
        this.proxy = proxy;
        this.state = state;
    }

    public ProxyAddress proxy() {
        return proxy;
    }

    public ProxyState state() {
        return state;
    }
}
