package org.clusteragent.advertise;

import java.util.HashSet;
import java.util.Set;

/**
 * Remembers which senders were already logged for one kind of problem, so a misconfigured or
 * hostile sender costs one log line, not one per datagram. Bounded: spoofed source addresses
 * cannot grow it without limit. Confined to the receive thread.
 */
final class SenderLog {

    static final int MAX_SENDERS = 256;

    private final Set<String> logged = new HashSet<>();
    private boolean full;

    /** True the first time {@code sender} is seen, while fewer than {@link #MAX_SENDERS} were. */
    boolean first(String sender) {
        if (logged.size() >= MAX_SENDERS) {
            return false;
        }
        return logged.add(sender);
    }

    /** True once, when the bound is first reached: time to say that later senders go unlogged. */
    boolean justFilled() {
        if (!full && logged.size() >= MAX_SENDERS) {
            full = true;
            return true;
        }
        return false;
    }
}
