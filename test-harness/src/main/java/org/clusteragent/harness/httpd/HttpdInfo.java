package org.clusteragent.harness.httpd;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.clusteragent.harness.BalancerNode;

/**
 * Reads httpd's answer to MCMP {@code INFO} into the fixture's node views, independently of the
 * agent's own INFO parser (so the tests do not check the agent with itself). Lines used:
 * {@code Node: [i],Name: r,…,Host: h,Port: p,Type: t,…,Elected: e,…,Load: l} and
 * {@code Context: [i:v:c], Context: /path, Status: ENABLED|DISABLED|STOPPED|REMOVED}, where {@code i}
 * is the node's index. A node's status is {@code NODE_DOWN} when its load is negative (httpd
 * treats it as broken), else {@code NODE_UP}. Stateless.
 */
public final class HttpdInfo {

    private HttpdInfo() {
    }

    public static List<BalancerNode> nodes(String info) {
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        Map<String, List<BalancerNode.ContextView>> contexts = new LinkedHashMap<>();
        for (String line : info.split("\n")) {
            if (line.startsWith("Node: [")) {
                Map<String, String> fields = fields(line);
                nodes.put(index(line), fields);
            } else if (line.startsWith("Context: [")) {
                Map<String, String> fields = fields(line.substring(line.indexOf(',') + 1));
                String status = fields.getOrDefault("Status", "");
                if (!"REMOVED".equals(status)) {
                    contexts.computeIfAbsent(index(line), k -> new ArrayList<>()).add(new BalancerNode.ContextView(
                            fields.get("Context"), "ENABLED".equals(status), "STOPPED".equals(status), 0));
                }
            }
        }
        List<BalancerNode> result = new ArrayList<>();
        nodes.forEach((index, f) -> {
            int load = parse(f.get("Load"));
            result.add(new BalancerNode(f.get("Name"), URI.create(f.get("Type") + "://" + f.get("Host") + ":"
                    + f.get("Port")), load < 0 ? "NODE_DOWN" : "NODE_UP", load, parse(f.get("Elected")),
                    contexts.getOrDefault(index, List.of())));
        });
        return result;
    }

    /** The first number inside the brackets: the node's index. */
    private static String index(String line) {
        int open = line.indexOf('[');
        int end = open + 1;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return line.substring(open + 1, end);
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.split(",")) {
            int colon = part.indexOf(':');
            if (colon > 0) {
                fields.put(part.substring(0, colon).trim(), part.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    private static int parse(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
