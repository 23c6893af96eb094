package org.clusteragent.spi;

import java.util.List;
import java.util.Locale;

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
     * The report on one line, for logs and JMX, e.g.
     * {@code factor=63 [cpu raw=0.4100 cap=1 norm=0.4100 decayed=0.3700 weight=2 share=0.6667; heap …]};
     * a metric left out of the last sample is marked {@code FAILED}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder("factor=").append(factor).append(" [");
        String sep = "";
        for (MetricReport m : metrics) {
            sb.append(sep).append(m.name())
                    .append(" raw=").append(number(m.raw()))
                    .append(" cap=").append(number(m.capacity()))
                    .append(" norm=").append(number(m.normalised()))
                    .append(" decayed=").append(number(m.decayed()))
                    .append(" weight=").append(number(m.weight()))
                    .append(" share=").append(number(m.share()));
            if (m.failed()) {
                sb.append(" FAILED");
            }
            sep = "; ";
        }
        return sb.append(']').toString();
    }

    /** Whole numbers without decimals, others with four significant digits, NaN as such. */
    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
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
