package org.clusteragent.spi;

/**
 * Watches what the agent does, for self-metrics and monitoring: every MCMP exchange with a proxy,
 * every proxy restart seen, and the agent's start and stop. The agent calls it from its own
 * threads (one per proxy, concurrently), so implementations are thread-safe, return quickly and
 * never throw; an observer that throws is logged and ignored. Found through
 * {@link AgentObserverFactory} by {@link java.util.ServiceLoader}.
 */
public interface AgentObserver {

    /** The outcome of an exchange that got no reply at all (connection failure, timeout). */
    String NO_REPLY = "NO_REPLY";
    /** The outcome of an exchange the proxy accepted. */
    String OK = "OK";

    /** The agent started; {@code agent} may be read from now until {@link #stopped()}. */
    default void started(AgentView agent) {
    }

    /**
     * One MCMP exchange finished.
     *
     * @param proxy   the proxy
     * @param command the MCMP command, as on the wire (e.g. {@code STATUS}, {@code ENABLE-APP})
     * @param nanos   the round trip in nanoseconds (0 when no reply came)
     * @param outcome {@link #OK}, {@link #NO_REPLY}, or the error's kind: {@code SYNTAX}, {@code MEM},
     *                {@code GENERAL}, {@code UNKNOWN}, {@code NOT_MCMP} (not an MCMP endpoint) or
     *                {@code MALFORMED} (a reply that cannot be read)
     */
    default void exchanged(ProxyAddress proxy, String command, long nanos, String outcome) {
    }

    /** A proxy turned out to have restarted (its id changed) and was told everything again. */
    default void proxyRestarted(ProxyAddress proxy) {
    }

    /** The agent stopped; release what {@link #started} registered. */
    default void stopped() {
    }
}
