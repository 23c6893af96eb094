package org.clusteragent.spi;

import java.util.List;

/**
 * Why a load factor has the value it has: one line per metric and the final factor. Immutable.
 *
 * @param factor  the factor sent to proxies (see {@link LoadFactorProvider})
 * @param metrics one entry per configured metric, in configuration order
 */
public record LoadReport(int factor, List<MetricReport> metrics) {

    /** The report before any factor was computed. */
    public static final LoadReport EMPTY = new LoadReport(-1, List.of());

    public LoadReport {
        metrics = List.copyOf(metrics);
    }

    /**
     * One metric's part in the factor.
     *
     * @param name       the metric's name
     * @param raw        the last raw value, in the metric's unit (NaN when it failed)
     * @param capacity   the metric's capacity
     * @param normalised raw / capacity clamped to 0..1
     * @param decayed    the time-decayed normalised value over the history
     * @param weight     the configured weight
     * @param share      the weight's share after leaving out failed metrics (0 when left out)
     * @param failed     true when this sample failed and was left out
     */
    public record MetricReport(String name, double raw, double capacity, double normalised,
                               double decayed, double weight, double share, boolean failed) {
    }
}
