package org.clusteragent.core.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import org.clusteragent.core.config.AgentConfig;
import org.clusteragent.core.config.ConnectorSelection;
import org.clusteragent.core.config.NodeSettings;
import org.clusteragent.core.mcmp.ConfigRequest;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.ProxyAddress;

/**
 * Builds the CONFIG a node sends to one proxy. The address told to the proxy is, in order: the
 * externalConnectorAddress, the connector's bound address, or (for a connector bound to every
 * interface) the local address this host uses to reach that proxy, which can differ per proxy;
 * a wildcard address is never sent. Only parameters that are set, or that differ from the
 * proxy's defaults, are sent. Stateless.
 */
public final class NodeConfigs {

    private static final String PROXY_DEFAULT_COOKIE = "JSESSIONID";
    private static final String PROXY_DEFAULT_PATH_PARAMETER = "jsessionid";

    private NodeConfigs() {
    }

    public static ConfigRequest configFor(NodeModel node, AgentConfig config, ProxyAddress proxy) {
        return configFor(node, config, proxy, NodeConfigs::localAddressTowards);
    }

    /** As {@link #configFor(NodeModel, AgentConfig, ProxyAddress)}, taking the local address towards the proxy from {@code local}. */
    public static ConfigRequest configFor(NodeModel node, AgentConfig config, ProxyAddress proxy,
                                          java.util.function.Function<ProxyAddress, InetAddress> local) {
        ConnectorSelection selection = config.connector();
        Connector connector = node.connector();
        String host = selection.externalAddress().orElseGet(() -> connectorHost(connector, proxy, local));
        int port = selection.externalPort().orElse(connector.port());
        ConfigRequest.Builder b = ConfigRequest.builder(node.jvmRoute(), host, port, connector.type());
        NodeSettings s = config.node();
        s.balancer().ifPresent(b::balancer);
        s.loadBalancingGroup().ifPresent(b::domain);
        if (!s.stickySession()) {
            b.stickySession(false);
        }
        String cookie = node.engine().sessionCookieName();
        if (cookie != null && !cookie.equals(PROXY_DEFAULT_COOKIE)) {
            b.stickySessionCookie(cookie);
        }
        String pathParameter = node.engine().sessionParameterName();
        if (pathParameter != null && !pathParameter.equals(PROXY_DEFAULT_PATH_PARAMETER)) {
            b.stickySessionPath(pathParameter);
        }
        if (s.stickySessionRemove()) {
            b.stickySessionRemove(true);
        }
        b.stickySessionForce(s.stickySessionForce());
        setIfSet(s.workerTimeout(), b::waitWorker);
        setIfSet(s.maxAttempts(), b::maxAttempts);
        if (s.flushPackets()) {
            b.flushPackets(true);
        }
        setIfSet(s.flushWait(), b::flushWait);
        setIfSet(s.ping(), b::ping);
        setIfSet(s.smax(), b::smax);
        setIfSet(s.ttl(), b::ttl);
        setIfSet(s.nodeTimeout(), b::timeout);
        return b.build();
    }

    private static void setIfSet(int value, java.util.function.IntConsumer setter) {
        if (value != NodeSettings.UNSET) {
            setter.accept(value);
        }
    }

    /** The connector's address as the proxy must use it; never a wildcard. */
    static String connectorHost(Connector connector, ProxyAddress proxy) {
        return connectorHost(connector, proxy, NodeConfigs::localAddressTowards);
    }

    static String connectorHost(Connector connector, ProxyAddress proxy,
                                java.util.function.Function<ProxyAddress, InetAddress> local) {
        Optional<InetAddress> bound = connector.address().filter(a -> !a.isAnyLocalAddress());
        InetAddress address = bound.orElseGet(() -> local.apply(proxy));
        return literal(address);
    }

    /**
     * The local address the operating system would use to reach the proxy. A connected UDP socket
     * asks the routing table without sending a packet, so it works before any TCP connection exists.
     */
    static InetAddress localAddressTowards(ProxyAddress proxy) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(proxy.host(), proxy.port()));
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local;
            }
            return InetAddress.getLocalHost();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the local address towards proxy " + proxy, e);
        }
    }

    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        return zone < 0 ? text : text.substring(0, zone);
    }
}
