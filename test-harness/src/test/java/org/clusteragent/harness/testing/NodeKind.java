package org.clusteragent.harness.testing;

import java.util.Map;

/**
 * The containers a scenario's nodes can run, as a parameter: each kind starts a {@link ServingNode}
 * with the listener's defaults but for one proxy on 127.0.0.1 and {@code advertise=false}.
 */
public enum NodeKind {
    TOMCAT {
        @Override
        public ServingNode start(String name, int mcmpPort, Map<String, String> extra) throws Exception {
            Map<String, String> attributes = EmbeddedTomcatNode.defaultsFor(mcmpPort);
            attributes.putAll(extra);
            return new EmbeddedTomcatNode(name, attributes).start();
        }
    },
    UNDERTOW {
        @Override
        public ServingNode start(String name, int mcmpPort, Map<String, String> extra) {
            Map<String, String> attributes = UndertowNode.defaultsFor(mcmpPort);
            attributes.putAll(extra);
            return new UndertowNode(name, attributes).start();
        }
    };

    /** A started node named {@code name} (also its jvmRoute) registering at the proxy's MCMP port. */
    public ServingNode start(String name, int mcmpPort) throws Exception {
        return start(name, mcmpPort, Map.of());
    }

    /** As {@link #start(String, int)}, with {@code extra} attributes on top of the defaults (they win). */
    public abstract ServingNode start(String name, int mcmpPort, Map<String, String> extra) throws Exception;
}
