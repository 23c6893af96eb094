package org.clusteragent.core.fakeproxy;

import java.util.List;

/**
 * State of one context of one node in the {@link FakeProxy}, with the aliases of its virtual host.
 * A snapshot, immutable.
 *
 * @param jvmRoute the node
 * @param path     the context path, {@code /} for the root context
 * @param status   what the last -APP command made of it
 * @param aliases  the virtual host's names (host name first, then aliases), in the order first seen
 */
public record ContextStatus(String jvmRoute, String path, Status status, List<String> aliases) {

    public ContextStatus {
        aliases = List.copyOf(aliases);
    }

    /** The context states as INFO spells them. */
    public enum Status { ENABLED, DISABLED, STOPPED, REMOVED }
}
