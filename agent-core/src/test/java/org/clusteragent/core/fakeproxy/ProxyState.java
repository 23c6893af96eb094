package org.clusteragent.core.fakeproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

import org.clusteragent.core.fakeproxy.ContextStatus.Status;
import org.clusteragent.core.fakeproxy.NodeEntry.Ctx;
import org.clusteragent.core.fakeproxy.NodeEntry.VHost;

/**
 * The proxy's tables (nodes, virtual hosts, contexts) and the default answer to each MCMP command, after
 * httpd's mod_proxy_cluster 2.0 as described in MCMP.md. All methods are synchronized: connection threads
 * and the test thread share one instance.
 */
final class ProxyState {
    private static final Set<String> CONFIG_FIELDS = lower("JVMRoute", "Balancer", "Domain", "Host", "Port",
            "Type", "Reversed", "StickySession", "StickySessionCookie", "StickySessionPath",
            "StickySessionRemove", "StickySessionForce", "WaitWorker", "Maxattempts", "flushpackets",
            "flushwait", "ping", "smax", "ttl", "Timeout", "Alias", "Context");
    private static final Set<String> APP_FIELDS = lower("JVMRoute", "Alias", "Context");
    private static final Set<String> STATUS_FIELDS = lower("JVMRoute", "Load");
    private static final Set<String> PING_FIELDS = lower("JVMRoute", "Scheme", "Host", "Port");

    private final Map<String, NodeEntry> nodes = new LinkedHashMap<>();
    private final Map<String, IntSupplier> inFlight = new ConcurrentHashMap<>();
    private final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
    private long id;
    private boolean changeIdOnEveryReply;
    private int nextNodeId;
    private int nextEntryId;

    ProxyState(long id) {
        this.id = id;
    }

    synchronized long id() {
        return id;
    }

    /** Forgets every node and context, as a restarted httpd does; scripted in-flight counts and health stay. */
    synchronized void reset(long newId) {
        id = newId;
        nodes.clear();
        nextNodeId = 0;
        nextEntryId = 0;
    }

    synchronized void changeIdOnEveryReply(boolean on) {
        changeIdOnEveryReply = on;
    }

    /** The id to put in a STATUS or PING reply. */
    private long replyId() {
        if (changeIdOnEveryReply) {
            id++;
        }
        return id;
    }

    void setInFlight(String route, String context, IntSupplier count) {
        inFlight.put(route + '\n' + context, count);
    }

    void setHealthy(String route, boolean healthy) {
        if (healthy) {
            unhealthy.remove(route);
        } else {
            unhealthy.add(route);
        }
    }

    synchronized Optional<NodeState> node(String route) {
        return Optional.ofNullable(nodes.get(route)).map(NodeEntry::snapshot);
    }

    synchronized List<NodeState> nodes() {
        return nodes.values().stream().map(NodeEntry::snapshot).toList();
    }

    synchronized Optional<ContextStatus> context(String route, String path) {
        NodeEntry node = nodes.get(route);
        return node == null ? Optional.empty() : node.findContext(path)
                .map(c -> new ContextStatus(route, c.path, c.status, List.copyOf(c.vhost.aliases.keySet())));
    }

    synchronized String info() {
        return InfoText.info(nodes.values());
    }

    synchronized String dump() {
        return InfoText.dump(nodes.values());
    }

    /** The default reply to a request; 501 for a method that is not MCMP. */
    synchronized ScriptedReply handle(RecordedRequest request) {
        try {
            return switch (request.method().toUpperCase(Locale.ROOT)) {
                case "CONFIG" -> config(request);
                case "ENABLE-APP" -> app(request, Status.ENABLED);
                case "DISABLE-APP" -> app(request, Status.DISABLED);
                case "STOP-APP" -> app(request, Status.STOPPED);
                case "REMOVE-APP" -> app(request, Status.REMOVED);
                case "STATUS" -> status(request);
                case "PING" -> ping(request);
                case "INFO" -> ScriptedReply.ok(InfoText.info(nodes.values()));
                case "DUMP" -> ScriptedReply.ok(InfoText.dump(nodes.values()));
                default -> notImplemented(request.method());
            };
        } catch (McmpError e) {
            return ScriptedReply.mcmpError(e.type, e.getMessage());
        }
    }

    private ScriptedReply config(RecordedRequest r) {
        checkFields(r, CONFIG_FIELDS);
        String route = requireRoute(r);
        checkLength(r, "Host", 63, "SYNTAX: Host field too big");
        checkLength(r, "Port", 6, "SYNTAX: Port field too big");
        checkLength(r, "Type", 15, "SYNTAX: Type field too big");
        checkLength(r, "Balancer", 39, "SYNTAX: Balancer field too big");
        checkLength(r, "Domain", 19, "SYNTAX: LBGroup field too big");
        if (r.parameter("Alias") != null && r.parameter("Context") == null) {
            throw new McmpError("SYNTAX", "SYNTAX: Alias without Context");
        }
        if (r.parameter("Context") != null && r.parameter("Alias") == null) {
            throw new McmpError("SYNTAX", "SYNTAX: Context without Alias");
        }
        String host = orDefault(r.parameter("Host"), "localhost");
        String port = orDefault(r.parameter("Port"), "8009");
        String type = orDefault(r.parameter("Type"), "ajp");
        NodeEntry node = nodes.get(route);
        if (node != null && !(node.host.equals(host) && node.port.equals(port) && node.type.equalsIgnoreCase(type))) {
            throw new McmpError("MEM", "MEM: Node with \"" + route + "\" JVMRoute already exists");
        }
        if (node == null) {
            node = new NodeEntry(nextNodeId++, route);
            nodes.put(route, node);
        }
        node.host = host;
        node.port = port;
        node.type = type;
        node.balancer = orDefault(r.parameter("Balancer"), "mycluster");
        node.domain = orDefault(r.parameter("Domain"), "");
        node.config = r.parameters();
        return ScriptedReply.ok("");
    }

    private ScriptedReply app(RecordedRequest r, Status target) {
        checkFields(r, APP_FIELDS);
        String route = requireRoute(r);
        NodeEntry node = requireNode(route);
        String command = r.method().toUpperCase(Locale.ROOT);
        if (r.nodeWide()) {
            if (target == Status.REMOVED) {
                nodes.remove(route);
            } else {
                node.vhosts.forEach(v -> v.contexts.values().stream()
                        .filter(c -> c.status != Status.REMOVED).forEach(c -> c.status = target));
            }
            return ScriptedReply.ok("");
        }
        String alias = r.parameter("Alias");
        String path = r.parameter("Context");
        if (alias != null && path == null) {
            throw new McmpError("SYNTAX", "SYNTAX: Alias without Context");
        }
        if (path != null && alias == null) {
            throw new McmpError("SYNTAX", "SYNTAX: Context without Alias");
        }
        if (path == null) {
            throw new McmpError("SYNTAX", "SYNTAX: Mandatory field(s) missing in message");
        }
        List<String> names = List.of(alias.split(","));
        for (String name : names) {
            if (name.length() > 254) {
                throw new McmpError("SYNTAX", "SYNTAX: Alias field too big");
            }
        }
        if (path.length() > 79) {
            throw new McmpError("SYNTAX", "SYNTAX: Context field too big");
        }
        if (target == Status.REMOVED) {
            // Removing what the proxy never had is a no-op, not an error.
            node.vhosts.stream().filter(v -> names.stream().anyMatch(v::hasAlias))
                    .map(v -> v.contexts.get(path)).filter(c -> c != null).forEach(c -> c.status = target);
        } else {
            VHost vhost = node.vhostFor(names, () -> nextEntryId++);
            Ctx ctx = vhost.contexts.get(path);
            if (ctx == null) {
                ctx = new Ctx(nextEntryId++, path, vhost, target);
                vhost.contexts.put(path, ctx);
            }
            ctx.status = target;
        }
        if (target == Status.STOPPED) {
            IntSupplier count = inFlight.get(route + '\n' + path);
            int requests = count == null ? 0 : count.getAsInt();
            return ScriptedReply.ok("Type=STOP-APP-RSP&JvmRoute=" + route + "&Alias=" + alias
                    + "&Context=" + path + "&Requests=" + requests + "\n");
        }
        return ScriptedReply.ok("Type=" + command + "-RSP\nJvmRoute=" + route + "\nAlias=" + alias
                + " Contexts=" + path + "\n\n");
    }

    private ScriptedReply status(RecordedRequest r) {
        checkFields(r, STATUS_FIELDS);
        String route = requireRoute(r);
        NodeEntry node = requireNode(route);
        String load = r.parameter("Load");
        if (load == null) {
            throw new McmpError("SYNTAX", "SYNTAX: Mandatory field(s) missing in message");
        }
        int value;
        try {
            value = Integer.parseInt(load.trim());
        } catch (NumberFormatException e) {
            throw new McmpError("SYNTAX", "SYNTAX: Invalid Load value \"" + load + "\"");
        }
        if (value < -1 || value > 100) {
            throw new McmpError("SYNTAX", "SYNTAX: Invalid Load value \"" + load + "\"");
        }
        node.load = value;
        node.statusCount++;
        return ScriptedReply.ok("Type=STATUS-RSP&JVMRoute=" + route + "&State=" + state(route) + "&id=" + replyId());
    }

    private ScriptedReply ping(RecordedRequest r) {
        checkFields(r, PING_FIELDS);
        String route = r.parameter("JVMRoute");
        if (route == null) {
            return ScriptedReply.ok("Type=PING-RSP&State=OK&id=" + replyId());
        }
        requireNode(route);
        return ScriptedReply.ok("Type=PING-RSP&JVMRoute=" + route + "&State=" + state(route) + "&id=" + replyId());
    }

    private String state(String route) {
        return unhealthy.contains(route) ? "NOTOK" : "OK";
    }

    private static ScriptedReply notImplemented(String method) {
        String html = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
                + "<title>501 Not Implemented</title>\n</head><body>\n<h1>Not Implemented</h1>\n<p>"
                + method.replace("<", "&lt;") + " not supported for current URL.<br />\n</p>\n</body></html>\n";
        return new ScriptedReply(501, "Not Implemented",
                List.of(Map.entry("Allow", "GET,POST,OPTIONS,HEAD"),
                        Map.entry("Content-Type", "text/html; charset=iso-8859-1")), html, false, false);
    }

    private static void checkFields(RecordedRequest r, Set<String> allowed) {
        for (Map.Entry<String, String> p : r.parameters()) {
            if (!allowed.contains(p.getKey().toLowerCase(Locale.ROOT))) {
                throw new McmpError("SYNTAX", "SYNTAX: Invalid field \"" + p.getKey() + "\" in message");
            }
        }
    }

    private static String requireRoute(RecordedRequest r) {
        String route = r.parameter("JVMRoute");
        if (route == null || route.isEmpty()) {
            throw new McmpError("SYNTAX", "SYNTAX: JVMRoute can't be empty");
        }
        if (route.length() > 63) {
            throw new McmpError("SYNTAX", "SYNTAX: JVMRoute field too big");
        }
        return route;
    }

    private NodeEntry requireNode(String route) {
        NodeEntry node = nodes.get(route);
        if (node == null) {
            throw new McmpError("MEM", "MEM: Can't read node with \"" + route + "\" JVMRoute");
        }
        return node;
    }

    private static void checkLength(RecordedRequest r, String field, int max, String mess) {
        String value = r.parameter(field);
        if (value != null && value.length() > max) {
            throw new McmpError("SYNTAX", mess);
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static Set<String> lower(String... names) {
        return java.util.Arrays.stream(names).map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** A rejected command: httpd's error type and message. */
    private static final class McmpError extends RuntimeException {
        final String type;

        McmpError(String type, String mess) {
            super(mess, null, false, false);
            this.type = type;
        }
    }
}
