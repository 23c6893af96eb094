package org.clusteragent.tomcat;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.apache.catalina.LifecycleState;
import org.apache.catalina.Manager;
import org.apache.catalina.Service;
import org.apache.catalina.util.SessionConfig;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;
import org.clusteragent.spi.Server;

/**
 * The SPI view of a Tomcat {@link org.apache.catalina.Engine}: one proxy node. Its connectors are
 * those of the engine's Service; its counters are the sums over those connectors. The adapter keeps
 * one instance per Engine, so views can be compared by identity. Reads the live engine on every
 * call; thread-safe.
 */
record TomcatEngine(TomcatModel model, org.apache.catalina.Engine tomcat) implements Engine {

    private static final String DEFAULT_COOKIE = "JSESSIONID";
    private static final String DEFAULT_PARAMETER = "jsessionid";
    private static final Set<LifecycleState> ASSIGNABLE = EnumSet.of(LifecycleState.NEW,
            LifecycleState.INITIALIZING, LifecycleState.INITIALIZED, LifecycleState.STARTING_PREP,
            LifecycleState.STARTING, LifecycleState.STARTED);

    @Override
    public String name() {
        return tomcat.getName();
    }

    @Override
    public Server server() {
        return model.serverView();
    }

    @Override
    public Optional<String> jvmRoute() {
        return Optional.ofNullable(tomcat.getJvmRoute()).filter(route -> !route.isBlank());
    }

    /**
     * Sets the Engine's jvmRoute, and also the route of every started context's session id
     * generator, since each copied the Engine's route when its manager started. Sessions created
     * before the change keep ids without the new route. Refused once the engine is stopping.
     */
    @Override
    public boolean assignJvmRoute(String jvmRoute) {
        if (jvmRoute.equals(tomcat.getJvmRoute())) {
            return true;
        }
        if (!ASSIGNABLE.contains(tomcat.getState())) {
            return false;
        }
        tomcat.setJvmRoute(jvmRoute);
        for (org.apache.catalina.Host host : TomcatModel.hostsOf(tomcat)) {
            for (org.apache.catalina.Context context : TomcatModel.contextsOf(host)) {
                Manager manager = context.getManager();
                if (manager != null && manager.getSessionIdGenerator() != null) {
                    manager.getSessionIdGenerator().setJvmRoute(jvmRoute);
                }
            }
        }
        return true;
    }

    @Override
    public List<Host> hosts() {
        return TomcatModel.hostsOf(tomcat).stream().<Host>map(model::view).toList();
    }

    @Override
    public List<Connector> connectors() {
        return List.copyOf(tomcatConnectors());
    }

    /** The connectors as adapter views, with the counters the SPI reaches through the engine. */
    List<TomcatConnector> tomcatConnectors() {
        Service service = tomcat.getService();
        if (service == null) {
            return List.of();
        }
        return List.of(service.findConnectors()).stream().map(TomcatConnector::new).toList();
    }

    @Override
    public String sessionCookieName() {
        return commonSessionSetting(SessionConfig::getSessionCookieName, DEFAULT_COOKIE);
    }

    @Override
    public String sessionParameterName() {
        return commonSessionSetting(SessionConfig::getSessionUriParamName, DEFAULT_PARAMETER);
    }

    @Override
    public long requestCount() {
        return sum(TomcatConnector::requestCount);
    }

    @Override
    public long bytesSent() {
        return sum(TomcatConnector::bytesSent);
    }

    @Override
    public long bytesReceived() {
        return sum(TomcatConnector::bytesReceived);
    }

    @Override
    public String toString() {
        return "Engine[" + tomcat.getName() + "]";
    }

    private long sum(ToLongFunction<TomcatConnector> counter) {
        return tomcatConnectors().stream().mapToLong(counter).sum();
    }

    /**
     * The proxy knows one cookie name per node, but Tomcat sets it per context: use the name all
     * contexts agree on, else the default (stickiness then works for the contexts using it).
     */
    private String commonSessionSetting(Function<org.apache.catalina.Context, String> setting, String fallback) {
        String common = null;
        for (org.apache.catalina.Host host : TomcatModel.hostsOf(tomcat)) {
            for (org.apache.catalina.Context context : TomcatModel.contextsOf(host)) {
                String value = setting.apply(context);
                if (common == null) {
                    common = value;
                } else if (!common.equals(value)) {
                    return fallback;
                }
            }
        }
        return common == null ? fallback : common;
    }
}
