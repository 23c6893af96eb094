package org.clusteragent.core.mcmp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.clusteragent.core.mcmp.McmpReply.AppReply;
import org.clusteragent.core.mcmp.McmpReply.DumpReply;
import org.clusteragent.core.mcmp.McmpReply.ErrorReply;
import org.clusteragent.core.mcmp.McmpReply.ErrorType;
import org.clusteragent.core.mcmp.McmpReply.Malformed;
import org.clusteragent.core.mcmp.McmpReply.NotMcmp;
import org.clusteragent.core.mcmp.McmpReply.Ok;
import org.clusteragent.core.mcmp.McmpReply.PingReply;
import org.clusteragent.core.mcmp.McmpReply.StatusReply;

/**
 * Gives a proxy's raw HTTP answer its MCMP meaning, knowing which request it answers. Reads the
 * forms of both httpd mod_proxy_cluster ({@code Type=STATUS-RSP&JVMRoute=n1&State=OK&id=..},
 * {@code Type=STOP-APP-RSP&JvmRoute=..&Alias=..&Context=..&Requests=n}, newline-separated
 * {@code *-APP-RSP} bodies) and Undertow's balancer (which orders STATUS fields differently, omits
 * the JVMRoute from PING and runs its STOP-APP fields together without separators). Never throws
 * on whatever the proxy sent: anything it cannot read becomes {@link Malformed}. Stateless and
 * safe for concurrent use.
 */
public final class McmpReplyParser {

    /**
     * @param request the request this reply answers
     * @param raw the reply as received
     */
    public McmpReply parse(McmpRequest request, RawReply raw) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(raw, "raw");
        if (raw.status() != 200) {
            return failure(raw);
        }
        String body = new String(raw.body(), StandardCharsets.UTF_8);
        try {
            return success(request.command(), body);
        } catch (RuntimeException e) {
            // The contract is "never throws on garbage"; a slip in a reader must not break a proxy lane.
            return new Malformed("unreadable " + request.command().wireName() + " reply (" + e + ")", body);
        }
    }

    private static McmpReply failure(RawReply raw) {
        Optional<String> type = raw.header("Type");
        Optional<String> mess = raw.header("Mess");
        if (type.isEmpty() && mess.isEmpty()) {
            return new NotMcmp(raw.status(), raw.reason() == null ? "" : raw.reason());
        }
        return new ErrorReply(raw.status(), ErrorType.of(type.orElse(null)), mess.orElse("").trim());
    }

    private static McmpReply success(McmpCommand command, String body) {
        return switch (command) {
            case CONFIG -> new Ok(command, body);
            case ENABLE_APP, DISABLE_APP, STOP_APP, REMOVE_APP -> app(command, body);
            case STATUS -> state(command, body);
            case PING -> state(command, body);
            case INFO -> InfoParser.parse(body);
            case DUMP -> new DumpReply(body);
        };
    }

    private static McmpReply app(McmpCommand command, String body) {
        if (body.isBlank()) {
            return new Ok(command, body);
        }
        ReplyFields f = new ReplyFields(body, "type", "jvmroute", "alias", "contexts", "context", "requests");
        String expected = command.wireName() + "-RSP";
        String type = f.value("type");
        if (type == null || !type.equalsIgnoreCase(expected)) {
            return new Malformed("expected Type=" + expected + " in the " + command.wireName() + " reply", body);
        }
        String contexts = f.value("contexts");
        if (contexts == null) {
            contexts = f.value("context");
        }
        OptionalInt requests = OptionalInt.empty();
        String r = f.value("requests");
        if (r != null) {
            try {
                requests = OptionalInt.of(Integer.parseInt(r));
            } catch (NumberFormatException e) {
                return new Malformed("Requests=" + r + " is not a number", body);
            }
        }
        return new AppReply(command, orEmpty(f.value("jvmroute")), orEmpty(f.value("alias")), orEmpty(contexts),
                requests);
    }

    /** STATUS-RSP and PING-RSP share their shape: Type, optional JVMRoute, State, id. */
    private static McmpReply state(McmpCommand command, String body) {
        ReplyFields f = new ReplyFields(body, "type", "jvmroute", "state", "id");
        String expected = command.wireName() + "-RSP";
        String type = f.value("type");
        if (type == null || !type.equalsIgnoreCase(expected)) {
            return new Malformed("expected Type=" + expected + " in the " + command.wireName() + " reply", body);
        }
        String state = f.value("state");
        boolean ok;
        if ("OK".equalsIgnoreCase(state)) {
            ok = true;
        } else if ("NOTOK".equalsIgnoreCase(state)) {
            ok = false;
        } else {
            return new Malformed("expected State=OK or State=NOTOK, got " + (state == null ? "none" : state), body);
        }
        OptionalLong id = OptionalLong.empty();
        String idText = f.value("id");
        if (idText != null) {
            try {
                id = OptionalLong.of(Long.parseLong(idText));
            } catch (NumberFormatException e) {
                return new Malformed("id=" + idText + " is not a number", body);
            }
        }
        String jvmRoute = orEmpty(f.value("jvmroute"));
        return command == McmpCommand.STATUS ? new StatusReply(jvmRoute, ok, id) : new PingReply(jvmRoute, ok, id);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * Finds {@code key=value} fields in the proxies' reply bodies. A key is looked for first where
     * a field can start (start of body, or after {@code & , newline space}), then anywhere, because
     * Undertow's STOP-APP reply has no separators ({@code JvmRoute=n1Alias=a,bContext=/cRequests=0}).
     * A value ends at {@code &}, a line end, or where another found key starts; {@code Type} also
     * ends at {@code ,}. Keys are compared ignoring case (httpd writes JvmRoute and JVMRoute).
     */
    static final class ReplyFields {
        private final String body;
        private final String[] keys;
        private final int[] starts;

        ReplyFields(String body, String... keys) {
            this.body = body;
            this.keys = keys;
            this.starts = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                starts[i] = find(body, keys[i]);
            }
        }

        /** Where {@code key=} starts, ignoring case; a field boundary wins over a run-together match. */
        private static int find(String body, String key) {
            int anywhere = -1;
            int n = key.length();
            for (int at = 0, last = body.length() - n - 1; at <= last; at++) {
                if (body.charAt(at + n) == '=' && body.regionMatches(true, at, key, 0, n)) {
                    if (at == 0 || "&, \n\r".indexOf(body.charAt(at - 1)) >= 0) {
                        return at;
                    }
                    if (anywhere < 0) {
                        anywhere = at;
                    }
                }
            }
            return anywhere;
        }

        /** The trimmed value of {@code key}, or {@code null} when the key is absent. */
        String value(String key) {
            int k = -1;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    k = i;
                }
            }
            if (k < 0 || starts[k] < 0) {
                return null;
            }
            int from = starts[k] + key.length() + 1;
            int end = body.length();
            for (int i = from; i < end; i++) {
                char c = body.charAt(i);
                if (c == '&' || c == '\n' || c == '\r' || (c == ',' && key.equals("type"))) {
                    end = i;
                    break;
                }
            }
            for (int s : starts) {
                if (s >= from && s < end) {
                    end = s;
                }
            }
            return body.substring(from, end).trim();
        }
    }
}
