package org.clusteragent.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.clusteragent.core.ClusterAgent;
import org.clusteragent.core.agent.AppState;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/clusteragent}: the node (connector, contexts with their state, load explanation
 * per metric) and the proxies (state, counters, last error). Its write operations, {@code POST
 * /actuator/clusteragent/{enable|disable|stop|refresh}} with optional {@code host} and
 * {@code path} of one context, change what proxies are told; like other writing endpoints they are
 * off by default ({@code defaultAccess = READ_ONLY}): allow them with
 * {@code management.endpoint.clusteragent.access=unrestricted}. Thread-safe.
 */
@Endpoint(id = "clusteragent", defaultAccess = Access.READ_ONLY)
public class ClusterAgentEndpoint {

    private final ClusterAgentLifecycle lifecycle;

    public ClusterAgentEndpoint(ClusterAgentLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @ReadOperation
    public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        Optional<ClusterAgent> agent = lifecycle.clusterAgent();
        report.put("running", lifecycle.isRegistered());
        report.put("nodes", agent.map(AgentReport::nodes).orElse(java.util.List.of()));
        report.put("proxies", agent.map(AgentReport::proxies).orElse(java.util.List.of()));
        return report;
    }

    /**
     * Changes the desired state of one context ({@code host}, default localhost, and {@code path},
     * {@code /} for the root context) or, without a path, of all; or refreshes every proxy.
     * {@code stop} of all contexts drains them (bounded by stopContextTimeout) before answering.
     * Both parameters carry JSpecify's {@code @Nullable}, which Boot 4 reads, and Spring's, which Boot
     * 3.5 reads: without it Boot 3.5 answers 400 "Missing parameters" to a body without them.
     */
    @WriteOperation
    @SuppressWarnings("deprecation") // Spring's own @Nullable: Boot 3.5 reads only that one as "optional"
    public Map<String, Object> operate(@Selector String operation,
                                       @Nullable @org.springframework.lang.Nullable String host,
                                       @Nullable @org.springframework.lang.Nullable String path) {
        ClusterAgent agent = lifecycle.clusterAgent().filter(a -> lifecycle.isRegistered()).orElseThrow(
                () -> new InvalidEndpointRequestException("the cluster agent is not running", "not running"));
        boolean done = switch (operation) {
            case "enable" -> change(agent, host, path, AppState.ENABLED);
            case "disable" -> change(agent, host, path, AppState.DISABLED);
            case "stop" -> path == null ? agent.contexts().drainAll(agent.config().drain().timeout())
                    : change(agent, host, path, AppState.STOPPED);
            case "refresh" -> agent.proxyRegistry().map(r -> {
                r.refresh();
                return true;
            }).orElse(false);
            default -> throw new InvalidEndpointRequestException("unknown operation \"" + operation
                    + "\"; use enable, disable, stop or refresh", "unknown operation");
        };
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("operation", operation);
        result.put("done", done);
        result.putAll(report());
        return result;
    }

    private static boolean change(ClusterAgent agent, String host, String path, AppState state) {
        if (path == null) {
            agent.contexts().setAll(state);
            return true;
        }
        String servletPath = path.isEmpty() || "/".equals(path) || "ROOT".equals(path) ? "" : path;
        if (!agent.contexts().set(host == null ? "localhost" : host, servletPath, state)) {
            throw new InvalidEndpointRequestException("no context " + path + " on host "
                    + (host == null ? "localhost" : host) + "; GET /actuator/clusteragent lists them", "no such context");
        }
        return true;
    }
}
