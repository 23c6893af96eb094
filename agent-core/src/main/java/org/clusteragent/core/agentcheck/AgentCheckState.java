package org.clusteragent.core.agentcheck;

import java.nio.charset.StandardCharsets;

/**
 * What the node tells HAProxy's agent check, and the one place that writes the answer line.
 * HAProxy keeps two states per server: the administrative one (ready, drain, maint) and the
 * operational one (up, down); an agent must revert what it set, so every answer names both where
 * they matter. The weight is the load factor (0..100) as a percentage of the server's configured
 * weight. Immutable.
 *
 * @param word the node's state
 * @param load the load factor, 0..100, or -1 when the node cannot serve
 */
public record AgentCheckState(Word word, int load) {

    /** The node's state as HAProxy understands it; a leaving node goes READY, DRAIN, MAINT in this order. */
    public enum Word {
        /** Serving: new sessions welcome, weighted by the load factor. */
        READY,
        /** Leaving: no new sessions; requests of existing (persistent) sessions still come. */
        DRAIN,
        /** Left: no requests at all. */
        MAINT,
        /** Running but unable to serve (load factor -1, e.g. its connector is gone). */
        DOWN
    }

    /** The state of a running node: {@link Word#DOWN} for load -1, else {@link Word#READY}. */
    public static AgentCheckState serving(int load) {
        return new AgentCheckState(load < 0 ? Word.DOWN : Word.READY, load);
    }

    /** The answer line, e.g. {@code 75% ready up\n}. */
    public String line() {
        int weight = Math.max(0, Math.min(100, load));
        return switch (word) {
            case READY -> weight + "% ready up\n";
            case DRAIN -> weight + "% drain up\n";
            case MAINT -> "0% maint\n";
            case DOWN -> "0% ready down #load factor -1\n";
        };
    }

    byte[] bytes() {
        return line().getBytes(StandardCharsets.US_ASCII);
    }
}
