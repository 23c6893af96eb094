package org.clusteragent.harness.cluster;

import java.net.BindException;

/**
 * A port the local cluster was told to use is already taken. Carries the command-line option that
 * sets the port, so that the message tells the user exactly what to change.
 */
public final class PortInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String option;
    private final int port;

    public PortInUseException(String option, int port, Throwable cause) {
        super("port " + port + " on 127.0.0.1 is already in use (--" + option + "=" + port
                + "): stop what is using it, or choose another port with --" + option + "=<port>", cause);
        this.option = option;
        this.port = port;
    }

    /** The command-line option (without dashes) that sets this port, e.g. {@code proxy-port}. */
    public String option() {
        return option;
    }

    public int port() {
        return port;
    }

    /** True when {@code failure} (or one of its causes) is a failure to bind a socket. */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
