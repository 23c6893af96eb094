package org.clusteragent.core.mcmp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code ENABLE-APP}, {@code DISABLE-APP}, {@code STOP-APP} or {@code REMOVE-APP}, either for one
 * context ({@code aliases} = the host name then its aliases, {@code context} = the context path) or
 * for every context of the node at once ({@code aliases} empty, {@code context} {@code null}, sent
 * to {@code /*}). The servlet root context {@code ""} is stored and sent as {@code "/"}. Immutable.
 */
public record AppRequest(McmpCommand command, String jvmRoute, List<String> aliases, String context)
        implements McmpRequest {

    public AppRequest {
        Objects.requireNonNull(command, "command");
        if (command != McmpCommand.ENABLE_APP && command != McmpCommand.DISABLE_APP
                && command != McmpCommand.STOP_APP && command != McmpCommand.REMOVE_APP) {
            throw new IllegalArgumentException(command.wireName()
                    + " is not an application command; use ENABLE-APP, DISABLE-APP, STOP-APP or REMOVE-APP");
        }
        McmpFields.required("JVMRoute", jvmRoute, McmpFields.JVM_ROUTE_MAX);
        aliases = List.copyOf(Objects.requireNonNull(aliases, "aliases"));
        if (context == null) {
            if (!aliases.isEmpty()) {
                throw new McmpValidationException("Context", null,
                        "Context is missing but Alias " + aliases + " is set; proxies reject an Alias without Context");
            }
        } else {
            context = context.isEmpty() ? "/" : context;
            McmpFields.checked("Context", context, McmpFields.CONTEXT_MAX);
            if (context.charAt(0) != '/') {
                throw new McmpValidationException("Context", context,
                        "Context " + McmpFields.quote(context) + " does not start with '/'; use a servlet context path");
            }
            if (aliases.isEmpty()) {
                throw new McmpValidationException("Alias", "",
                        "Alias is empty for Context " + McmpFields.quote(context) + "; give at least the host name");
            }
            for (String alias : aliases) {
                McmpFields.required("Alias", alias, McmpFields.ALIAS_MAX);
                if (alias.indexOf(',') >= 0) {
                    throw new McmpValidationException("Alias", alias,
                            "Alias " + McmpFields.quote(alias) + " contains ','; give each alias separately");
                }
            }
            McmpFields.checked("Alias", String.join(",", aliases), McmpFields.ALIAS_MAX);
        }
    }

    /** A command for one context; {@code contextPath} {@code ""} means the root context. */
    public static AppRequest of(McmpCommand command, String jvmRoute, List<String> aliases, String contextPath) {
        return new AppRequest(command, jvmRoute, aliases, Objects.requireNonNull(contextPath, "contextPath"));
    }

    /** A command for every context of the node, sent to {@code /*}. */
    public static AppRequest nodeWide(McmpCommand command, String jvmRoute) {
        return new AppRequest(command, jvmRoute, List.of(), null);
    }

    @Override
    public boolean nodeWide() {
        return context == null;
    }

    /** The {@code Alias} parameter: the aliases comma-joined, or {@code ""} for a node-wide request. */
    public String alias() {
        return String.join(",", aliases);
    }

    @Override
    public List<Map.Entry<String, String>> parameters() {
        if (context == null) {
            return List.of(Map.entry("JVMRoute", jvmRoute));
        }
        return List.of(Map.entry("JVMRoute", jvmRoute), Map.entry("Alias", alias()), Map.entry("Context", context));
    }
}
