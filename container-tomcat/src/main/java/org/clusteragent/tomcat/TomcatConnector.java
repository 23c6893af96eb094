package org.clusteragent.tomcat;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.Executor;

import org.apache.catalina.LifecycleState;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.RequestGroupInfo;
import org.apache.coyote.ajp.AbstractAjpProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.threads.ResizableExecutor;
import org.clusteragent.spi.Connector;

/**
 * The SPI view of a Tomcat {@link org.apache.catalina.connector.Connector}, read through Tomcat's
 * public API only: the port actually bound (else the configured port plus the Server's port
 * offset), the {@code address} attribute, the type from the protocol handler and the
 * secure/scheme/SSLEnabled settings, and the thread and traffic counters from the protocol
 * handler's executor and global request processor. Counters read 0 when Tomcat does not expose
 * them (e.g. a virtual-thread executor). Equal to any other view of the same Connector; thread-safe.
 */
record TomcatConnector(org.apache.catalina.connector.Connector tomcat) implements Connector {

    @Override
    public Optional<InetAddress> address() {
        if (tomcat.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
            InetAddress address = protocol.getAddress();
            if (address != null && !address.isAnyLocalAddress()) {
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    @Override
    public int port() {
        int local = tomcat.getLocalPort();
        return local > 0 ? local : tomcat.getPortWithOffset();
    }

    @Override
    public Type type() {
        ProtocolHandler handler = tomcat.getProtocolHandler();
        if (handler instanceof AbstractAjpProtocol<?>) {
            return Type.AJP;
        }
        boolean tls = handler instanceof AbstractHttp11Protocol<?> http && http.isSSLEnabled();
        if (tls || tomcat.getSecure() || "https".equalsIgnoreCase(tomcat.getScheme())) {
            return Type.HTTPS;
        }
        return Type.HTTP;
    }

    @Override
    public boolean isAvailable() {
        if (tomcat.getState() != LifecycleState.STARTED) {
            return false;
        }
        return !(tomcat.getProtocolHandler() instanceof AbstractProtocol<?> protocol && protocol.isPaused());
    }

    @Override
    public int busyThreads() {
        Executor executor = executor();
        if (executor instanceof org.apache.tomcat.util.threads.ThreadPoolExecutor pool) {
            return pool.getActiveCount();
        }
        if (executor instanceof ResizableExecutor resizable) {
            return resizable.getActiveCount();
        }
        if (executor instanceof java.util.concurrent.ThreadPoolExecutor pool) {
            return pool.getActiveCount();
        }
        return 0;
    }

    @Override
    public int maxThreads() {
        Executor executor = executor();
        int max;
        if (executor instanceof org.apache.tomcat.util.threads.ThreadPoolExecutor pool) {
            max = pool.getMaximumPoolSize();
        } else if (executor instanceof ResizableExecutor resizable) {
            max = resizable.getMaxThreads();
        } else if (executor instanceof java.util.concurrent.ThreadPoolExecutor pool) {
            max = pool.getMaximumPoolSize();
        } else if (tomcat.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
            max = protocol.getMaxThreads();
        } else {
            max = 0;
        }
        return Math.max(0, max);
    }

    /** Requests completed through this connector, or 0 when Tomcat does not expose the count. */
    long requestCount() {
        RequestGroupInfo global = global();
        return global == null ? 0 : global.getRequestCount();
    }

    long bytesSent() {
        RequestGroupInfo global = global();
        return global == null ? 0 : global.getBytesSent();
    }

    long bytesReceived() {
        RequestGroupInfo global = global();
        return global == null ? 0 : global.getBytesReceived();
    }

    /** One line for logs and error messages, e.g. {@code 127.0.0.1:8009 ajp}. */
    String describe() {
        String host = address().map(InetAddress::getHostAddress).orElse("*");
        return host + ":" + port() + " " + type().mcmpName();
    }

    @Override
    public String toString() {
        return "Connector[" + describe() + "]";
    }

    private Executor executor() {
        ProtocolHandler handler = tomcat.getProtocolHandler();
        return handler == null ? null : handler.getExecutor();
    }

    private RequestGroupInfo global() {
        // The same object Tomcat registers as the GlobalRequestProcessor MBean, but without
        // depending on JMX registration being enabled.
        if (tomcat.getProtocolHandler() instanceof AbstractProtocol<?> protocol
                && protocol.getHandler() != null
                && protocol.getHandler().getGlobal() instanceof RequestGroupInfo info) {
            return info;
        }
        return null;
    }
}
