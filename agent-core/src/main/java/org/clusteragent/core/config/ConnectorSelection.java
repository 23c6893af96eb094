package org.clusteragent.core.config;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which container connector the proxies are told about, and what they are told instead when the
 * node is reached through NAT or a container network. Immutable. Empty values mean "not
 * configured": the adapter then picks a connector itself and the proxy is told its real address.
 * Addresses are kept as written (host name or IP literal, IPv6 without brackets); nothing is
 * resolved while parsing.
 *
 * @param port            {@code connectorPort}: choose the connector listening on this port
 * @param address         {@code connectorAddress}: choose the connector bound to this address
 * @param externalAddress {@code externalConnectorAddress}: the address sent to proxies instead
 * @param externalPort    {@code externalConnectorPort}: the port sent to proxies instead
 */
public record ConnectorSelection(OptionalInt port, Optional<String> address,
                                 Optional<String> externalAddress, OptionalInt externalPort) {

    /** Nothing configured. */
    public static final ConnectorSelection AUTOMATIC = new ConnectorSelection(
            OptionalInt.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty());

    public ConnectorSelection {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(externalAddress, "externalAddress");
        Objects.requireNonNull(externalPort, "externalPort");
    }
}
