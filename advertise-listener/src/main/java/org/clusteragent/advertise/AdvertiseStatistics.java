package org.clusteragent.advertise;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of datagram outcomes, and of receive errors, since the discovery was created. Updated by
 * the receive thread, readable from any thread; a snapshot is consistent per counter, not across
 * counters.
 */
public final class AdvertiseStatistics {

    private final Map<AdvertiseOutcome, LongAdder> counts = new EnumMap<>(AdvertiseOutcome.class);
    private final LongAdder receiveErrors = new LongAdder();

    AdvertiseStatistics() {
        for (AdvertiseOutcome outcome : AdvertiseOutcome.values()) {
            counts.put(outcome, new LongAdder());
        }
    }

    void record(AdvertiseOutcome outcome) {
        counts.get(outcome).increment();
    }

    void countReceiveError() {
        receiveErrors.increment();
    }

    /** How many datagrams ended in {@code outcome}. */
    public long count(AdvertiseOutcome outcome) {
        return counts.get(outcome).sum();
    }

    /** How many datagrams were received in all, whatever their outcome. */
    public long total() {
        long sum = 0;
        for (LongAdder adder : counts.values()) {
            sum += adder.sum();
        }
        return sum;
    }

    /** How many times reading from the socket failed (not counting the close at stop). */
    public long receiveErrors() {
        return receiveErrors.sum();
    }

    /** Every outcome with its count, in declaration order. */
    public Map<AdvertiseOutcome, Long> snapshot() {
        Map<AdvertiseOutcome, Long> copy = new EnumMap<>(AdvertiseOutcome.class);
        counts.forEach((outcome, adder) -> copy.put(outcome, adder.sum()));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return snapshot() + ", receiveErrors=" + receiveErrors();
    }
}
