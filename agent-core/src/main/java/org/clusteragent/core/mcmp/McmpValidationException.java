package org.clusteragent.core.mcmp;

/**
 * Thrown when a value cannot be sent to a proxy as it is: too long for the proxy's fixed-size
 * tables, empty where the proxy needs a value, out of range, or containing control characters.
 * Values are never truncated, because a proxy that silently cuts a JVMRoute or a context path
 * would route to the wrong place. {@link #field()} is the MCMP parameter name (e.g.
 * {@code JVMRoute}), {@link #value()} the rejected value exactly as given (may be {@code null}).
 * The message names both and the limit, so it can be shown to an operator unchanged.
 */
public final class McmpValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String value;

    public McmpValidationException(String field, String value, String message) {
        super(message);
        this.field = field;
        this.value = value;
    }

    /** The MCMP parameter (or request part) that was rejected, e.g. {@code Alias}. */
    public String field() {
        return field;
    }

    /** The rejected value as it was given, possibly {@code null}. */
    public String value() {
        return value;
    }
}
