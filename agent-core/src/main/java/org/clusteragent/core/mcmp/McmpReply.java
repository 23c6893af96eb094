package org.clusteragent.core.mcmp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a proxy's answer to one request means, as produced by {@link McmpReplyParser}. Success
 * kinds are {@link Ok}, {@link StatusReply}, {@link PingReply}, {@link AppReply},
 * {@link InfoReply} and {@link DumpReply}; failure kinds are {@link ErrorReply} (the proxy
 * understood and refused), {@link NotMcmp} (whatever answered does not speak MCMP) and
 * {@link Malformed} (a 200 whose body could not be understood). All are immutable records.
 */
public sealed interface McmpReply {

    /** True when the proxy accepted the request (a 200 that could be understood). */
    default boolean accepted() {
        return !(this instanceof ErrorReply || this instanceof NotMcmp || this instanceof Malformed);
    }

    /**
     * A 200 that carries nothing more to interpret: CONFIG, node-wide {@code *-APP}, and the
     * empty answers httpd and Undertow give to ENABLE/DISABLE/REMOVE-APP. {@code body} is the body
     * as received (usually empty).
     */
    record Ok(McmpCommand command, String body) implements McmpReply {
        public Ok {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * {@code STATUS-RSP}. {@code ok} is false for {@code State=NOTOK} (the proxy's own health
     * check of the node failed). {@code id} identifies the proxy's start: when it changes between
     * two replies the proxy restarted and has forgotten this node. Empty {@code jvmRoute} when the
     * proxy did not echo it.
     */
    record StatusReply(String jvmRoute, boolean ok, OptionalLong id) implements McmpReply {
        public StatusReply {
            Objects.requireNonNull(jvmRoute, "jvmRoute");
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * {@code PING-RSP}. Empty {@code jvmRoute} for a bare or URL ping and for Undertow, which never
     * echoes it. {@code id} as in {@link StatusReply}.
     */
    record PingReply(String jvmRoute, boolean ok, OptionalLong id) implements McmpReply {
        public PingReply {
            Objects.requireNonNull(jvmRoute, "jvmRoute");
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * A {@code <COMMAND>-RSP} body to an application command, in any of the forms proxies write.
     * {@code alias} and {@code contexts} are as echoed (empty when absent); {@code requests} is
     * the number of requests still in flight for the context, sent with STOP-APP.
     */
    record AppReply(McmpCommand command, String jvmRoute, String alias, String contexts, OptionalInt requests)
            implements McmpReply {
        public AppReply {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(jvmRoute, "jvmRoute");
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(contexts, "contexts");
            Objects.requireNonNull(requests, "requests");
        }
    }

    /**
     * The proxy's tables from {@code INFO}. Contexts and aliases refer to nodes by
     * {@link NodeInfo#id()} and to each other by virtual-host id; the lookup methods do that join.
     */
    record InfoReply(List<NodeInfo> nodes, List<VhostInfo> vhosts, List<ContextInfo> contexts)
            implements McmpReply {
        public InfoReply {
            nodes = List.copyOf(nodes);
            vhosts = List.copyOf(vhosts);
            contexts = List.copyOf(contexts);
        }

        /** The node with this JVMRoute (its {@code Name}), if the proxy knows it. */
        public Optional<NodeInfo> node(String jvmRoute) {
            for (NodeInfo n : nodes) {
                if (n.name().equals(jvmRoute)) {
                    return Optional.of(n);
                }
            }
            return Optional.empty();
        }

        /** The contexts the proxy holds for the node with this JVMRoute. */
        public List<ContextInfo> contextsOf(String jvmRoute) {
            Optional<NodeInfo> node = node(jvmRoute);
            if (node.isEmpty()) {
                return List.of();
            }
            List<ContextInfo> result = new ArrayList<>();
            for (ContextInfo c : contexts) {
                if (c.nodeId() == node.get().id()) {
                    result.add(c);
                }
            }
            return List.copyOf(result);
        }

        /** The aliases of the virtual host a context belongs to. */
        public List<String> aliasesOf(ContextInfo context) {
            List<String> result = new ArrayList<>();
            for (VhostInfo v : vhosts) {
                if (v.nodeId() == context.nodeId() && v.vhostId() == context.vhostId()) {
                    result.add(v.alias());
                }
            }
            return List.copyOf(result);
        }
    }

    /** The {@code DUMP} text, unparsed (it is for people, not for decisions). */
    record DumpReply(String text) implements McmpReply {
        public DumpReply {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The {@code Type} header of a refused request. */
    enum ErrorType {
        /** The request was malformed or a value too big: do not retry it unchanged. */
        SYNTAX,
        /** The proxy's tables: typically the node is unknown (resend CONFIG) or conflicts. */
        MEM,
        GENERAL,
        /** No or an unrecognised {@code Type} header. */
        UNKNOWN;

        static ErrorType of(String header) {
            if (header == null) {
                return UNKNOWN;
            }
            return switch (header.trim().toUpperCase(Locale.ROOT)) {
                case "SYNTAX" -> SYNTAX;
                case "MEM" -> MEM;
                case "GENERAL" -> GENERAL;
                default -> UNKNOWN;
            };
        }
    }

    /** The proxy refused the request: an HTTP error with MCMP {@code Type}/{@code Mess} headers. */
    record ErrorReply(int httpStatus, ErrorType type, String message) implements McmpReply {
        public ErrorReply {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(message, "message");
        }

        /** The proxy does not know this node (it restarted, or CONFIG never took): send CONFIG and replay. */
        public boolean nodeUnknown() {
            return type == ErrorType.MEM && message.toLowerCase(Locale.ROOT).contains("can't read node");
        }

        /** Another node with the same JVMRoute but a different address exists: a configuration conflict. */
        public boolean nodeConflict() {
            return message.toLowerCase(Locale.ROOT).contains("already exist");
        }
    }

    /** Not an MCMP answer at all (e.g. 501 for an unknown method): wrong port or MCMP not enabled there. */
    record NotMcmp(int httpStatus, String reason) implements McmpReply {
        public NotMcmp {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A 200 whose body is not what the command's answer looks like; {@code why} says what was wrong. */
    record Malformed(String why, String body) implements McmpReply {
        public Malformed {
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(body, "body");
        }
    }
}
