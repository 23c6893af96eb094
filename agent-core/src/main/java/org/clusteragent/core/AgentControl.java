package org.clusteragent.core;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.clusteragent.core.agent.AgentLog;
import org.clusteragent.core.agent.AppState;
import org.clusteragent.core.agent.NodeModel;
import org.clusteragent.core.config.ProxyListParser;
import org.clusteragent.core.mcmp.DumpRequest;
import org.clusteragent.core.mcmp.InfoRequest;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.proxy.ProxyRegistry;
import org.clusteragent.core.proxy.ProxySnapshot;
import org.clusteragent.spi.ProxyAddress;

/**
 * The JMX face of one {@link ClusterAgent}: registered on start, unregistered on stop. Every
 * operation delegates to the agent; nothing here holds state. Thread-safe.
 */
final class AgentControl implements ClusterAgentMXBean {

    private final ClusterAgent agent;
    private ObjectName name;

    private AgentControl(ClusterAgent agent) {
        this.agent = agent;
    }

    static AgentControl register(ClusterAgent agent) {
        AgentControl control = new AgentControl(agent);
        List<String> routes = new ArrayList<>();
        agent.nodes().forEach(n -> routes.add(n.jvmRoute()));
        String node = String.join("+", routes);
        try {
            ObjectName objectName = new ObjectName("org.clusteragent:type=ClusterAgent,node=" + ObjectName.quote(node));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
            server.registerMBean(new StandardMBean(control, ClusterAgentMXBean.class, true), objectName);
            control.name = objectName;
        } catch (Exception e) {
            AgentLog.mbeanFailed(node, e);
        }
        return control;
    }

    void unregister() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (Exception e) {
            AgentLog.mbeanFailed(name.toString(), e);
        }
    }

    @Override
    public String[] getProxies() {
        List<String> lines = new ArrayList<>();
        for (ProxySnapshot p : agent.proxies()) {
            lines.add(p.address() + " state=" + p.state()
                    + " id=" + (p.lastId().isPresent() ? Long.toString(p.lastId().getAsLong()) : "?")
                    + " failures=" + p.failures() + " idChanges=" + p.idChanges() + " dropped=" + p.dropped()
                    + " errors=" + p.errors() + " lastReply=" + oneLine(p.lastReply())
                    + " lastError=" + oneLine(p.lastError()));
        }
        return lines.toArray(String[]::new);
    }

    @Override
    public String[] getNodes() {
        List<String> lines = new ArrayList<>();
        for (NodeModel node : agent.nodes()) {
            StringBuilder sb = new StringBuilder(node.jvmRoute()).append(" connector=")
                    .append(node.connector().type().mcmpName()).append(':').append(node.connector().port());
            for (NodeModel.DesiredContext c : node.contexts()) {
                sb.append(' ').append(c).append('=').append(c.state());
            }
            lines.add(sb.toString());
        }
        return lines.toArray(String[]::new);
    }

    @Override
    public String[] getLoadFactors() {
        return agent.nodes().stream().map(n -> n.jvmRoute() + "=" + n.lastLoad()).toArray(String[]::new);
    }

    @Override
    public String getLoadExplanation() {
        StringBuilder sb = new StringBuilder();
        for (NodeModel node : agent.nodes()) {
            sb.append(node.jvmRoute()).append(": ").append(agent.loadProvider().explain(node.engine()).describe())
                    .append('\n');
        }
        return sb.toString();
    }

    @Override
    public void enableContexts() {
        agent.contexts().setAll(AppState.ENABLED);
    }

    @Override
    public void disableContexts() {
        agent.contexts().setAll(AppState.DISABLED);
    }

    @Override
    public boolean stopContexts(long timeoutSeconds) {
        Optional<Duration> bound = timeoutSeconds > 0 ? Optional.of(Duration.ofSeconds(timeoutSeconds)) : Optional.empty();
        return agent.contexts().drainAll(bound);
    }

    @Override
    public boolean enableContext(String host, String path) {
        return agent.contexts().set(host, servletPath(path), AppState.ENABLED);
    }

    @Override
    public boolean disableContext(String host, String path) {
        return agent.contexts().set(host, servletPath(path), AppState.DISABLED);
    }

    @Override
    public boolean stopContext(String host, String path) {
        return agent.contexts().set(host, servletPath(path), AppState.STOPPED);
    }

    @Override
    public void refresh() {
        agent.proxyRegistry().ifPresent(ProxyRegistry::refresh);
    }

    @Override
    public void resetDownProxies() {
        agent.proxyRegistry().ifPresent(ProxyRegistry::resetDown);
    }

    @Override
    public void addProxy(String hostPort) {
        ProxyAddress proxy = ProxyListParser.parseAddress(hostPort, false);
        agent.proxyRegistry().ifPresent(proxies -> proxies.add(proxy));
    }

    @Override
    public void removeProxy(String hostPort) {
        ProxyAddress proxy = ProxyListParser.parseAddress(hostPort, false);
        agent.proxyRegistry().ifPresent(proxies -> proxies.remove(proxy));
    }

    @Override
    public String info() {
        return collect(new InfoRequest());
    }

    @Override
    public String dump() {
        return collect(new DumpRequest());
    }

    private String collect(McmpRequest request) {
        StringBuilder sb = new StringBuilder();
        Map<ProxyAddress, CompletableFuture<McmpReply>> replies = agent.query(request);
        for (Map.Entry<ProxyAddress, CompletableFuture<McmpReply>> e : replies.entrySet()) {
            sb.append("== ").append(e.getKey()).append('\n');
            try {
                McmpReply reply = e.getValue().get(agent.config().socketTimeout().toMillis(), TimeUnit.MILLISECONDS);
                sb.append(reply instanceof McmpReply.DumpReply dump ? dump.text() : describe(reply)).append('\n');
            } catch (Exception failure) {
                sb.append("no answer: ").append(failure).append('\n');
            }
        }
        return sb.toString();
    }

    private static String describe(McmpReply reply) {
        if (!(reply instanceof McmpReply.InfoReply info)) {
            return reply.toString();
        }
        StringBuilder sb = new StringBuilder();
        info.nodes().forEach(n -> sb.append("node ").append(n.name()).append(' ').append(n.type()).append("://")
                .append(n.host()).append(':').append(n.port()).append(" load=").append(n.load()).append('\n'));
        info.contexts().forEach(c -> sb.append("  context ").append(info.aliasesOf(c)).append(c.path())
                .append(' ').append(c.status()).append(" (node id ").append(c.nodeId()).append(")\n"));
        return sb.toString();
    }

    private static String servletPath(String path) {
        return path == null || path.isEmpty() || "/".equals(path) || "ROOT".equals(path) ? "" : path;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
