package org.clusteragent.demo;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads what the clusteragent reports about this node through plain JMX, so the war never links
 * against agent classes. The agent registers an MXBean named
 * {@code org.clusteragent:type=ClusterAgent,node=<quoted jvmRoutes joined by +>} with attributes
 * {@code Nodes}, {@code LoadFactors} ({@code node1=87}), {@code LoadExplanation} and {@code Proxies}.
 * Thread-safe: stateless apart from the MBean server it reads.
 */
final class AgentView {

    static final String PATTERN = "org.clusteragent:type=ClusterAgent,*";

    /** One agent's report, as read at one moment. */
    record Report(String objectName, List<String> nodes, List<String> loadFactors, String explanation, List<String> proxies) {
    }

    private final MBeanServer server;

    AgentView(MBeanServer server) {
        this.server = server;
    }

    static AgentView platform() {
        return new AgentView(ManagementFactory.getPlatformMBeanServer());
    }

    /** The agent MBeans registered now, sorted by name. */
    List<ObjectName> agents() {
        try {
            Set<ObjectName> names = server.queryNames(new ObjectName(PATTERN), null);
            List<ObjectName> sorted = new ArrayList<>(names);
            sorted.sort(Comparator.comparing(ObjectName::getCanonicalName));
            return sorted;
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code node} key of every agent MBean, unquoted. */
    List<String> agentRoutes() {
        return agents().stream().map(AgentView::nodeKey).toList();
    }

    static String nodeKey(ObjectName name) {
        String node = name.getKeyProperty("node");
        if (node == null) {
            return "";
        }
        return node.startsWith("\"") ? ObjectName.unquote(node) : node;
    }

    /**
     * The agent serving {@code jvmRoute}: the one whose {@code node} key lists it, else the only
     * one, else (several, none matching, or no route) the first by name; null when none is registered.
     */
    ObjectName pick(String jvmRoute) {
        List<ObjectName> all = agents();
        if (all.isEmpty()) {
            return null;
        }
        if (jvmRoute != null) {
            for (ObjectName n : all) {
                if (Arrays.asList(nodeKey(n).split("\\+")).contains(jvmRoute)) {
                    return n;
                }
            }
        }
        return all.get(0);
    }

    /** Reads the four attributes of {@code name}; a missing MBean or attribute fails with JMException. */
    Report read(ObjectName name) throws JMException {
        return new Report(name.getCanonicalName(),
                strings(server.getAttribute(name, "Nodes")),
                strings(server.getAttribute(name, "LoadFactors")),
                String.valueOf(server.getAttribute(name, "LoadExplanation")),
                strings(server.getAttribute(name, "Proxies")));
    }

    private static List<String> strings(Object value) {
        if (value instanceof String[] array) {
            return List.of(array);
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    /** The JSON the {@code /load} endpoint answers for a report. */
    static String toJson(String jvmRoute, int agentCount, Report report) {
        List<Json> factors = new ArrayList<>();
        for (String line : report.loadFactors()) {
            factors.add(loadFactor(line));
        }
        return new Json().put("agent", "present").put("jvmRoute", jvmRoute)
                .put("objectName", report.objectName()).put("agentCount", agentCount)
                .putObjects("loadFactors", factors).put("explanation", report.explanation())
                .put("proxies", report.proxies()).put("nodes", report.nodes()).toString();
    }

    /** {@code node1=87} as {@code {"node":"node1","factor":87}}; a factor that is not a number becomes null. */
    static Json loadFactor(String line) {
        int eq = line.lastIndexOf('=');
        String node = eq < 0 ? line : line.substring(0, eq);
        Json json = new Json().put("node", node);
        if (eq >= 0) {
            try {
                return json.put("factor", Long.parseLong(line.substring(eq + 1).strip()));
            } catch (NumberFormatException e) {
                // fall through: shown as null, the raw line is still in "nodes"/"explanation"
            }
        }
        return json.put("factor", (String) null);
    }

    static String absentJson(String jvmRoute) {
        return new Json().put("agent", "absent").put("jvmRoute", jvmRoute)
                .put("reason", "no MBean matches " + PATTERN + " on the platform MBeanServer").toString();
    }
}
