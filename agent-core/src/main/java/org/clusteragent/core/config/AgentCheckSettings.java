package org.clusteragent.core.config;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the HAProxy agent-check responder listens. Immutable.
 *
 * @param port    {@code agentCheckPort}; empty: no responder (the default)
 * @param address {@code agentCheckAddress}, a host name or IP literal; empty: the proxy connector's
 *                address (every interface when the connector listens on every interface)
 */
public record AgentCheckSettings(OptionalInt port, Optional<String> address) {

    public AgentCheckSettings {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(address, "address");
    }

    /** True when {@code agentCheckPort} is set. */
    public boolean enabled() {
        return port.isPresent();
    }
}
