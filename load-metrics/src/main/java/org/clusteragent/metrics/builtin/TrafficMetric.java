package org.clusteragent.metrics.builtin;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadMetric;

/**
 * Traffic in KB per second (1 KB = 1024 bytes), from the engine's cumulative
 * {@link Engine#bytesSent()} or {@link Engine#bytesReceived()} (counted by the container adapter);
 * see {@link RateTracker} for the first sample and counter resets. One instance per engine, one
 * thread at a time; allocation-free.
 */
public final class TrafficMetric implements LoadMetric {

    /** Which way the bytes flow, seen from the node. */
    public enum Direction { SEND, RECEIVE }

    private static final double BYTES_PER_KB = 1024;

    private final Direction direction;
    private final RateTracker rate = new RateTracker();

    public TrafficMetric(Direction direction) {
        this.direction = direction;
    }

    @Override
    public String name() {
        return direction == Direction.SEND ? "send-traffic" : "receive-traffic";
    }

    @Override
    public double load(Engine engine, long nowNanos) {
        long bytes = direction == Direction.SEND ? engine.bytesSent() : engine.bytesReceived();
        return rate.rate(bytes / BYTES_PER_KB, nowNanos);
    }
}
