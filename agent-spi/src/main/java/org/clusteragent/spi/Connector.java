package org.clusteragent.spi;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A read-only view of one container connector: where a proxy sends requests for this node.
 * {@link #address()} is empty or a wildcard address when the connector listens on every
 * interface; the agent then tells the proxy a concrete address instead. Implementations must be
 * safe to call from any thread.
 */
public interface Connector {

    /** The protocol a proxy uses to talk to this connector. */
    enum Type {
        HTTP("http"), HTTPS("https"), AJP("ajp");

        private final String mcmpName;

        Type(String mcmpName) {
            this.mcmpName = mcmpName;
        }

        /** The value of the MCMP {@code Type} parameter. */
        public String mcmpName() {
            return mcmpName;
        }
    }

    /** The bound address, or empty when bound to all interfaces. */
    Optional<InetAddress> address();

    /** The port actually listened on (after any port offset). */
    int port();

    /** The protocol of this connector. */
    Type type();

    /** True while the connector accepts requests. */
    boolean isAvailable();

    /** Threads of this connector currently busy with a request, or 0 when unknown. */
    default int busyThreads() {
        return 0;
    }

    /** The connector's maximum number of request threads, or 0 when unknown. */
    default int maxThreads() {
        return 0;
    }
}
