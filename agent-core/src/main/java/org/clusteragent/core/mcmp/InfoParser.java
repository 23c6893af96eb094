package org.clusteragent.core.mcmp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.clusteragent.core.mcmp.McmpReply.InfoReply;
import org.clusteragent.core.mcmp.McmpReply.Malformed;

/**
 * Reads the plain-text INFO body, which httpd and Undertow write alike:
 * <pre>
 * Node: [1],Name: node1,Balancer: mycluster,LBGroup: ,Host: 127.0.0.1,Port: 8080,Type: http,...,Load: 100
 * Vhost: [1:1:1], Alias: localhost
 * Context: [1:1:1], Context: /demo, Status: ENABLED
 * </pre>
 * An empty body means empty tables. Lines of other kinds are skipped (a newer proxy may add some),
 * but a body with none of the three kinds is not an INFO answer; a Node/Vhost/Context line that
 * does not read makes the whole reply {@link Malformed}, because INFO drives repairs and a
 * half-read table would cause wrong ones.
 */
final class InfoParser {

    private InfoParser() {
    }

    static McmpReply parse(String body) {
        List<NodeInfo> nodes = new ArrayList<>();
        List<VhostInfo> vhosts = new ArrayList<>();
        List<ContextInfo> contexts = new ArrayList<>();
        boolean content = false;
        int lineStart = 0;
        while (lineStart < body.length()) {
            int nl = body.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? body.length() : nl;
            String line = body.substring(lineStart, lineEnd).strip();
            lineStart = lineEnd + 1;
            content |= !line.isEmpty();
            String problem = null;
            if (line.startsWith("Node:")) {
                NodeInfo n = node(line);
                problem = n == null ? "unreadable Node line: " + line : null;
                if (n != null) {
                    nodes.add(n);
                }
            } else if (line.startsWith("Vhost:")) {
                VhostInfo v = vhost(line);
                problem = v == null ? "unreadable Vhost line: " + line : null;
                if (v != null) {
                    vhosts.add(v);
                }
            } else if (line.startsWith("Context:")) {
                ContextInfo c = context(line);
                problem = c == null ? "unreadable Context line: " + line : null;
                if (c != null) {
                    contexts.add(c);
                }
            }
            if (problem != null) {
                return new Malformed(problem, body);
            }
        }
        if (content && nodes.isEmpty() && vhosts.isEmpty() && contexts.isEmpty()) {
            return new Malformed("no Node, Vhost or Context line in the INFO reply", body);
        }
        return new InfoReply(nodes, vhosts, contexts);
    }

    /** {@code Node: [id],Key: value,...}; null when it does not read. */
    private static NodeInfo node(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']', open + 1);
        if (open < 0 || close < 0) {
            return null;
        }
        Integer id = integer(line.substring(open + 1, close));
        String name = null;
        String balancer = "";
        String domain = "";
        String host = null;
        String type = null;
        Integer port = null;
        Integer load = null;
        for (String field : line.substring(close + 1).split(",")) {
            int colon = field.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = field.substring(colon + 1).trim();
            switch (field.substring(0, colon).trim().toLowerCase(Locale.ROOT)) {
                case "name" -> name = value;
                case "balancer" -> balancer = value;
                case "lbgroup" -> domain = value;
                case "host" -> host = McmpFields.normalizeHost(value);
                case "port" -> port = integer(value);
                case "type" -> type = value;
                case "load" -> load = integer(value);
                default -> {
                    // Flushpackets, Ping, Elected, ...: not needed to repair a proxy.
                }
            }
        }
        if (id == null || name == null || name.isEmpty() || host == null || port == null || type == null
                || load == null) {
            return null;
        }
        return new NodeInfo(id, name, balancer, domain, host, port, type, load);
    }

    /** {@code Vhost: [node:vhost:id], Alias: name}. */
    private static VhostInfo vhost(String line) {
        int[] ids = ids(line);
        int alias = line.indexOf("Alias:");
        if (ids == null || alias < 0) {
            return null;
        }
        String name = line.substring(alias + "Alias:".length()).trim();
        return name.isEmpty() ? null : new VhostInfo(ids[0], ids[1], ids[2], name);
    }

    /** {@code Context: [node:vhost:id], Context: /path, Status: ENABLED}. */
    private static ContextInfo context(String line) {
        int[] ids = ids(line);
        int path = line.indexOf("Context:", line.indexOf(']') + 1);
        int status = line.lastIndexOf(", Status:");
        if (ids == null || path < 0 || status < path) {
            return null;
        }
        String p = line.substring(path + "Context:".length(), status).trim();
        String s = line.substring(status + ", Status:".length()).trim();
        for (ContextStatus cs : ContextStatus.values()) {
            if (cs.name().equals(s)) {
                return p.isEmpty() ? null : new ContextInfo(ids[0], ids[1], ids[2], p, cs);
            }
        }
        return null;
    }

    /** The three numbers of {@code [a:b:c]}, or null. */
    private static int[] ids(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']', open + 1);
        if (open < 0 || close < 0) {
            return null;
        }
        String[] parts = line.substring(open + 1, close).split(":");
        if (parts.length != 3) {
            return null;
        }
        int[] ids = new int[3];
        for (int i = 0; i < 3; i++) {
            Integer v = integer(parts[i]);
            if (v == null) {
                return null;
            }
            ids[i] = v;
        }
        return ids;
    }

    private static Integer integer(String s) {
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
