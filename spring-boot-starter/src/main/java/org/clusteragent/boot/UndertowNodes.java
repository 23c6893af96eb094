package org.clusteragent.boot;

import io.undertow.Undertow;
import org.clusteragent.undertow.UndertowClusterAgent;

/** Keeps Undertow's types out of classes that load without Undertow. Stateless. */
final class UndertowNodes {

    private UndertowNodes() {
    }

    static BootNode of(UndertowClusterAgent agent, Object undertow) {
        return new UndertowNode(agent, (Undertow) undertow);
    }
}
