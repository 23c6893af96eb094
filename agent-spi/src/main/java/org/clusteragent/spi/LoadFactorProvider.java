package org.clusteragent.spi;

/**
 * Computes the load factor that a node sends in MCMP STATUS: {@code 1..100}, the relative capacity
 * left (100 = idle, 1 = busiest); {@code 0} means hot standby and {@code -1} that the node cannot
 * serve. Called once per status period per engine, from one thread at a time.
 */
public interface LoadFactorProvider {

    /** Samples the metrics and returns the load factor for {@code engine}. Never throws. */
    int loadFactor(Engine engine);

    /** The breakdown behind the last factor computed for {@code engine}; empty before the first. */
    LoadReport explain(Engine engine);
}
