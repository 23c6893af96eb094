package org.clusteragent.core.fakeproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Mutable table rows of {@link ProxyState}; guarded by the state's lock, never handed out. */
final class NodeEntry {
    final int id;
    final String route;
    String host;
    String port;
    String type;
    String balancer;
    String domain;
    List<Map.Entry<String, String>> config;
    Integer load;
    int statusCount;
    final List<VHost> vhosts = new ArrayList<>();
    private int nextVhostId = 1;

    NodeEntry(int id, String route) {
        this.id = id;
        this.route = route;
    }

    NodeState snapshot() {
        return new NodeState(id, route, host, port, type, balancer, domain, config,
                load == null ? OptionalInt.empty() : OptionalInt.of(load), statusCount);
    }

    /** The virtual host owning any of these names, extended by the others; a new one when none does. */
    VHost vhostFor(List<String> names, IdSource ids) {
        VHost found = vhosts.stream().filter(v -> names.stream().anyMatch(v::hasAlias)).findFirst().orElse(null);
        if (found == null) {
            found = new VHost(nextVhostId++);
            vhosts.add(found);
        }
        for (String name : names) {
            if (!found.hasAlias(name)) {
                found.aliases.put(name, ids.next());
            }
        }
        return found;
    }

    Optional<Ctx> findContext(String path) {
        return vhosts.stream().flatMap(v -> v.contexts.values().stream())
                .filter(c -> c.path.equals(path)).findFirst();
    }

    /** Hands out the proxy-wide entry ids that INFO prints as the third number. */
    interface IdSource {
        int next();
    }

    static final class VHost {
        final int id;
        final Map<String, Integer> aliases = new LinkedHashMap<>();
        final Map<String, Ctx> contexts = new LinkedHashMap<>();

        VHost(int id) {
            this.id = id;
        }

        boolean hasAlias(String name) {
            return aliases.keySet().stream().anyMatch(a -> a.equalsIgnoreCase(name));
        }
    }

    static final class Ctx {
        final int entryId;
        final String path;
        final VHost vhost;
        ContextStatus.Status status;

        Ctx(int entryId, String path, VHost vhost, ContextStatus.Status status) {
            this.entryId = entryId;
            this.path = path;
            this.vhost = vhost;
            this.status = status;
        }
    }
}
