package org.clusteragent.harness.cluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster agent's attributes every local-cluster node gets: discovery by advertise only (no
 * proxyList), on loopback, with the security key; a short status interval so the page moves; and
 * load metrics that tell the in-process nodes apart (the process-wide {@code cpu} metric would be
 * the same on every node, so the per-node {@link NodeCpuMetric} replaces it).
 */
final class AgentProperties {

    private AgentProperties() {
    }

    static Map<String, String> of(ClusterSettings settings, String jvmRoute) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("jvmRoute", jvmRoute);
        p.put("advertise", "true");
        p.put("advertiseGroupAddress", settings.advertiseGroup());
        p.put("advertisePort", Integer.toString(settings.advertisePort()));
        p.put("advertiseInterface", ClusterSettings.LOOPBACK);
        p.put("advertiseSecurityKey", settings.securityKey());
        p.put("statusInterval", seconds(settings.statusInterval()));
        // No sessions metric: abandoned demo sessions live until they time out, so their count says
        // more about the past than about the load now. The nodes share this machine, so a node is
        // "full" when it uses its fair share of the processors.
        int nodes = settings.tomcatNodes() + settings.undertowNodes();
        double fairShare = Math.max(0.25, Runtime.getRuntime().availableProcessors() / (double) nodes);
        p.put("loadMetrics", NodeCpuMetric.class.getName() + "(node=" + jvmRoute + ", weight=3, capacity="
                + String.format(Locale.ROOT, "%.2f", fairShare) + "), busy(weight=1)");
        p.put("loadHistory", "3");
        p.put("stopContextTimeout", Long.toString(Math.max(1, settings.drainTimeout().toSeconds())));
        if (settings.haproxy()) {
            p.put("agentCheckPort", Integer.toString(settings.agentPort(jvmRoute)));
            p.put("agentCheckAddress", ClusterSettings.LOOPBACK);
        }
        return p;
    }

    private static String seconds(Duration d) {
        return Double.toString(d.toMillis() / 1000.0);
    }
}
