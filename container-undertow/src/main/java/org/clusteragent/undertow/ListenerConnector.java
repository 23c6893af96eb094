package org.clusteragent.undertow;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.undertow.Undertow;
import io.undertow.server.ConnectorStatistics;
import org.clusteragent.spi.Connector;
import org.xnio.XnioWorker;

/**
 * The SPI view of one listener of a started {@link Undertow} server: its bound address and port,
 * the type from the listener's protocol ({@code https}, {@code ajp}, else http), and the busy and
 * maximum worker threads of the server's XNIO worker, which every listener shares. Available while
 * the server runs and the listener is not suspended. Thread-safe; reads the live objects.
 */
record ListenerConnector(Undertow.ListenerInfo listener, XnioWorker worker, BooleanSupplier serverRunning)
        implements Connector {

    @Override
    public Optional<InetAddress> address() {
        return socket().map(InetSocketAddress::getAddress).filter(a -> !a.isAnyLocalAddress());
    }

    @Override
    public int port() {
        return socket().map(InetSocketAddress::getPort).orElse(0);
    }

    @Override
    public Type type() {
        return typeOf(listener.getProtcol());
    }

    @Override
    public boolean isAvailable() {
        return serverRunning.getAsBoolean() && !listener.isSuspended();
    }

    @Override
    public int busyThreads() {
        return WorkerThreads.busy(worker);
    }

    @Override
    public int maxThreads() {
        return WorkerThreads.max(worker);
    }

    /** The listener's statistics, or null when UndertowOptions.ENABLE_STATISTICS is off. */
    ConnectorStatistics statistics() {
        return listener.getConnectorStatistics();
    }

    static Type typeOf(String protocol) {
        String p = protocol == null ? "" : protocol.toLowerCase(Locale.ROOT);
        if (p.startsWith("ajp")) {
            return Type.AJP;
        }
        return p.startsWith("https") ? Type.HTTPS : Type.HTTP;
    }

    private Optional<InetSocketAddress> socket() {
        SocketAddress address = listener.getAddress();
        return address instanceof InetSocketAddress inet ? Optional.of(inet) : Optional.empty();
    }

    @Override
    public String toString() {
        return "Listener[" + address().map(InetAddress::getHostAddress).orElse("*") + ":" + port()
                + " " + type().mcmpName() + "]";
    }
}
