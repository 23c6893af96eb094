package org.clusteragent.undertow;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Supplier;

import org.clusteragent.spi.Connector;
import org.xnio.XnioWorker;

/**
 * A connector known only from configuration, for the servlet-extension mode, where Undertow's
 * listeners are not visible: the connectorAddress, connectorPort and connectorType properties say
 * where the proxy should send requests. Always reported available (nothing tells otherwise).
 * Thread counts come from the XNIO worker once a request has shown which worker serves the
 * deployments, and read 0 before. Thread-safe.
 */
record ConfiguredConnector(Optional<InetAddress> address, int port, Type type, Supplier<XnioWorker> worker)
        implements Connector {

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public int busyThreads() {
        return WorkerThreads.busy(worker.get());
    }

    @Override
    public int maxThreads() {
        return WorkerThreads.max(worker.get());
    }

    @Override
    public String toString() {
        return "ConfiguredConnector[" + address.map(InetAddress::getHostAddress).orElse("*") + ":" + port
                + " " + type.mcmpName() + "]";
    }
}
