package org.clusteragent.core.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.ContextInfo;
import org.clusteragent.core.mcmp.ContextStatus;
import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpReply.InfoReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.mcmp.NodeInfo;
import org.clusteragent.core.mcmp.StatusRequest;

/**
 * Compares what a proxy reports in INFO with a node's desired state and lists the commands that
 * repair the difference, and only those: a missing node gets CONFIG, its contexts and a STATUS, and
 * so does a node listed without any context while it should have some, which is what someone
 * else's {@code REMOVE-APP /*} leaves (httpd keeps the removed node's slot for a while, but refuses
 * its contexts with {@code MEM} until a CONFIG revives it; an identical CONFIG is harmless); a
 * context that is missing or has the wrong status gets the command of its desired state; a context
 * the node no longer has gets REMOVE-APP. A node known with another host, port or type is not
 * overwritten (another worker may own that jvmRoute): it is reported as a mismatch only. Pure and
 * thread-safe.
 */
public final class DriftRepair {

    /**
     * The repair plan.
     *
     * @param mismatches one readable line per difference found
     * @param commands   what to send, in order
     */
    public record Plan(List<String> mismatches, List<McmpRequest> commands) {
        public Plan {
            mismatches = List.copyOf(mismatches);
            commands = List.copyOf(commands);
        }

        public boolean isEmpty() {
            return mismatches.isEmpty();
        }
    }

    /** Builds the CONFIG of a node for the proxy being repaired. */
    public interface ConfigSource {
        McmpRequest configFor(NodeModel node);
    }

    private DriftRepair() {
    }

    public static Plan plan(NodeModel node, InfoReply info, ConfigSource configs) {
        List<String> mismatches = new ArrayList<>();
        List<McmpRequest> commands = new ArrayList<>();
        String route = node.jvmRoute();
        Optional<NodeInfo> known = info.node(route);
        List<NodeModel.DesiredContext> desired = node.contexts();
        boolean emptied = known.isPresent() && !desired.isEmpty() && info.contextsOf(route).stream()
                .allMatch(c -> c.status() == ContextStatus.REMOVED);
        if (known.isEmpty() || emptied) {
            mismatches.add(known.isEmpty() ? "node " + route + " is unknown"
                    : "node " + route + " has none of its " + desired.size() + " contexts " + desired
                            + " (removed by someone else?)");
            commands.add(configs.configFor(node));
            for (NodeModel.DesiredContext c : desired) {
                commands.add(AppRequest.of(c.state().command(), route, c.aliases(), c.path()));
            }
            commands.add(new StatusRequest(route, node.lastLoad()));
            return new Plan(mismatches, commands);
        }
        NodeInfo n = known.get();
        String wantedType = node.connector().type().mcmpName();
        if (!n.type().equalsIgnoreCase(wantedType)) {
            mismatches.add("node " + route + " has type " + n.type() + ", expected " + wantedType);
        }
        if (n.port() != 0 && node.connector().port() != n.port()) {
            mismatches.add("node " + route + " has port " + n.port() + ", expected " + node.connector().port());
        }
        List<ContextInfo> actual = new ArrayList<>(info.contextsOf(route));
        for (NodeModel.DesiredContext c : desired) {
            ContextInfo match = find(actual, info, c);
            if (match == null) {
                mismatches.add("context " + c + " is missing (expected " + c.state() + ")");
                commands.add(AppRequest.of(c.state().command(), route, c.aliases(), c.path()));
                continue;
            }
            actual.remove(match);
            if (!matches(match.status(), c.state())) {
                mismatches.add("context " + c + " is " + match.status() + ", expected " + c.state());
                commands.add(AppRequest.of(c.state().command(), route, c.aliases(), c.path()));
            }
        }
        for (ContextInfo stale : actual) {
            if (stale.status() == ContextStatus.REMOVED) {
                continue;
            }
            List<String> aliases = info.aliasesOf(stale);
            mismatches.add("context " + (aliases.isEmpty() ? "?" : aliases.get(0)) + stale.path()
                    + " is stale (" + stale.status() + ")");
            if (!aliases.isEmpty()) {
                commands.add(AppRequest.of(McmpCommand.REMOVE_APP, route, aliases, contextPathOf(stale.path())));
            }
        }
        return new Plan(mismatches, commands);
    }

    private static ContextInfo find(List<ContextInfo> actual, InfoReply info, NodeModel.DesiredContext c) {
        for (ContextInfo candidate : actual) {
            if (!candidate.path().equals(c.mcmpPath())) {
                continue;
            }
            List<String> aliases = info.aliasesOf(candidate);
            for (String alias : aliases) {
                if (alias.toLowerCase(Locale.ROOT).equals(c.host().toLowerCase(Locale.ROOT))) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static boolean matches(ContextStatus status, AppState state) {
        return switch (state) {
            case ENABLED -> status == ContextStatus.ENABLED;
            case DISABLED -> status == ContextStatus.DISABLED;
            case STOPPED -> status == ContextStatus.STOPPED;
        };
    }

    /** INFO shows the root context as {@code /}; requests carry the servlet path. */
    private static String contextPathOf(String mcmpPath) {
        return "/".equals(mcmpPath) ? "" : mcmpPath;
    }
}
