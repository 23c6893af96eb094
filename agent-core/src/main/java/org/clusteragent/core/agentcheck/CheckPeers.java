package org.clusteragent.core.agentcheck;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The hosts that ask this node's agent check (the balancers), with when each was last answered
 * and what. Lets a stopping node wait until every balancer has heard that it is leaving. Thread-safe.
 */
final class CheckPeers {

    private record Answer(long nanos, AgentCheckState.Word word) {
    }

    private final LongSupplier nanoTime;
    private final Map<InetAddress, Answer> answers = new HashMap<>();

    CheckPeers(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    synchronized void answered(InetAddress peer, AgentCheckState.Word word) {
        answers.put(peer, new Answer(nanoTime.getAsLong(), word));
        notifyAll();
    }

    /**
     * Waits until every host answered within {@code recentNanos} before {@code sinceNanos} (or since)
     * got {@code word}, or a later state of a leaving node, at or after {@code sinceNanos}.
     */
    synchronized boolean await(AgentCheckState.Word word, long sinceNanos, long recentNanos, long boundNanos)
            throws InterruptedException {
        long deadline = nanoTime.getAsLong() + boundNanos;
        while (!allTold(word, sinceNanos, recentNanos)) {
            long left = deadline - nanoTime.getAsLong();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
        return true;
    }

    private boolean allTold(AgentCheckState.Word word, long sinceNanos, long recentNanos) {
        for (Answer answer : answers.values()) {
            boolean recent = sinceNanos - answer.nanos() < recentNanos;
            boolean told = answer.nanos() - sinceNanos >= 0 && answer.word().ordinal() >= word.ordinal();
            if (recent && !told) {
                return false;
            }
        }
        return true;
    }
}
