package org.clusteragent.core.fakeproxy;

import java.util.Collection;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.NodeEntry.Ctx;
import org.clusteragent.core.fakeproxy.NodeEntry.VHost;

/** Renders the INFO and DUMP bodies from the tables, in the line formats httpd uses (see MCMP.md). */
final class InfoText {
    private InfoText() {
    }

    /** Removed contexts are left out: httpd deletes them from its tables. */
    static String info(Collection<NodeEntry> nodes) {
        StringBuilder out = new StringBuilder();
        for (NodeEntry n : nodes) {
            out.append("Node: [").append(n.id).append("],Name: ").append(n.route)
                    .append(",Balancer: ").append(n.balancer).append(",LBGroup: ").append(n.domain)
                    .append(",Host: ").append(n.host).append(",Port: ").append(n.port)
                    .append(",Type: ").append(n.type)
                    .append(",Flushpackets: ").append(flag(n.config, "flushpackets", "Off"))
                    .append(",Flushwait: ").append(flag(n.config, "flushwait", "10"))
                    .append(",Ping: ").append(flag(n.config, "ping", "10"))
                    .append(",Smax: ").append(flag(n.config, "smax", "1"))
                    .append(",Ttl: ").append(flag(n.config, "ttl", "60"))
                    .append(",Elected: 0,Read: 0,Transfered: 0,Connected: 0,Load: ")
                    .append(n.load == null ? 0 : n.load).append('\n');
        }
        for (NodeEntry n : nodes) {
            for (VHost v : n.vhosts) {
                v.aliases.forEach((alias, entry) -> out.append("Vhost: [").append(n.id).append(':').append(v.id)
                        .append(':').append(entry).append("], Alias: ").append(alias).append('\n'));
            }
        }
        for (NodeEntry n : nodes) {
            for (VHost v : n.vhosts) {
                for (Ctx c : v.contexts.values()) {
                    if (c.status != Status.REMOVED) {
                        out.append("Context: [").append(n.id).append(':').append(v.id).append(':')
                                .append(c.entryId).append("], Context: ").append(c.path)
                                .append(", Status: ").append(c.status).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    static String dump(Collection<NodeEntry> nodes) {
        StringBuilder out = new StringBuilder();
        for (NodeEntry n : nodes) {
            out.append("node: [").append(n.id).append("],Balancer: ").append(n.balancer)
                    .append(",JVMRoute: ").append(n.route).append(",LBGroup: [").append(n.domain)
                    .append("],Host: ").append(n.host).append(",Port: ").append(n.port)
                    .append(",Type: ").append(n.type).append('\n');
            for (VHost v : n.vhosts) {
                v.aliases.forEach((alias, entry) -> out.append("host: ").append(entry).append(" [").append(alias)
                        .append("] vhost: ").append(v.id).append(" node: ").append(n.id).append('\n'));
                for (Ctx c : v.contexts.values()) {
                    out.append("context: ").append(c.entryId).append(" [").append(c.path).append("] vhost: ")
                            .append(v.id).append(" node: ").append(n.id).append(" status: ")
                            .append(c.status.ordinal() + 1).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String flag(java.util.List<java.util.Map.Entry<String, String>> config, String name,
                               String fallback) {
        return config.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(java.util.Map.Entry::getValue)
                .findFirst().orElse(fallback);
    }
}
