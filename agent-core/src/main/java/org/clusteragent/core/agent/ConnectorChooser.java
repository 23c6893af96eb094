package org.clusteragent.core.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.clusteragent.spi.Connector;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.InvalidConfigurationException;

/**
 * Picks the connector a node advertises to proxies: the one matching connectorPort and/or
 * connectorAddress, else the engine's only connector. Any other outcome is a configuration error
 * that lists the connectors found, so the user can tell which attribute to set. Stateless.
 */
public final class ConnectorChooser {

    private ConnectorChooser() {
    }

    public static Connector choose(Engine engine, OptionalInt port, Optional<String> address) {
        List<Connector> candidates = engine.connectors();
        if (candidates.isEmpty()) {
            throw new InvalidConfigurationException("engine " + engine.name()
                    + " has no connector a proxy could send requests to; add an HTTP or AJP connector");
        }
        Optional<InetAddress> wanted = address.map(ConnectorChooser::resolve);
        List<Connector> matches = new ArrayList<>();
        for (Connector c : candidates) {
            boolean portOk = port.isEmpty() || c.port() == port.getAsInt();
            boolean addressOk = wanted.isEmpty() || sameAddress(c, wanted.get());
            if (portOk && addressOk) {
                matches.add(c);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        String criteria = describe(port, address);
        if (matches.isEmpty()) {
            throw new InvalidConfigurationException(criteria + " matches none of the connectors "
                    + describe(candidates) + " of engine " + engine.name());
        }
        String advice = port.isEmpty() && address.isEmpty()
                ? "engine " + engine.name() + " has " + matches.size() + " connectors " + describe(matches)
                        + "; set connectorPort (and connectorAddress if needed) to choose one"
                : criteria + " matches " + matches.size() + " connectors " + describe(matches)
                        + " of engine " + engine.name() + "; add connectorPort or connectorAddress to choose one";
        throw new InvalidConfigurationException(advice);
    }

    private static boolean sameAddress(Connector c, InetAddress wanted) {
        Optional<InetAddress> bound = c.address();
        return bound.isPresent() && bound.get().equals(wanted);
    }

    private static InetAddress resolve(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new InvalidConfigurationException("connectorAddress=" + address
                    + " cannot be resolved to an IP address");
        }
    }

    private static String describe(OptionalInt port, Optional<String> address) {
        StringBuilder sb = new StringBuilder();
        port.ifPresent(p -> sb.append("connectorPort=").append(p));
        address.ifPresent(a -> sb.append(sb.length() > 0 ? " " : "").append("connectorAddress=").append(a));
        return sb.length() == 0 ? "the default choice" : sb.toString();
    }

    /** e.g. {@code [8009 ajp, 127.0.0.1:8443 https]}. */
    public static String describe(List<Connector> connectors) {
        List<String> parts = new ArrayList<>();
        for (Connector c : connectors) {
            String addr = c.address().filter(a -> !a.isAnyLocalAddress())
                    .map(a -> a.getHostAddress() + ":").orElse("");
            parts.add(addr + c.port() + " " + c.type().mcmpName());
        }
        return parts.toString();
    }
}
