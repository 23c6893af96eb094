package org.clusteragent.metrics;

import java.util.Locale;
import org.clusteragent.spi.LoadReport;

/**
 * Formats a {@link LoadReport} as one line for logs and JMX, e.g.
 * {@code factor=63 [cpu raw=0.41 cap=1 norm=0.41 decayed=0.37 weight=2 share=0.67; heap raw=…]}.
 * Stateless and thread-safe.
 */
public final class LoadReports {

    private LoadReports() {
    }

    /** The report on one line; failed metrics are marked {@code FAILED}. */
    public static String format(LoadReport report) {
        StringBuilder sb = new StringBuilder("factor=").append(report.factor()).append(" [");
        String sep = "";
        for (LoadReport.MetricReport m : report.metrics()) {
            sb.append(sep).append(m.name())
                    .append(" raw=").append(num(m.raw()))
                    .append(" cap=").append(num(m.capacity()))
                    .append(" norm=").append(num(m.normalised()))
                    .append(" decayed=").append(num(m.decayed()))
                    .append(" weight=").append(num(m.weight()))
                    .append(" share=").append(num(m.share()));
            if (m.failed()) {
                sb.append(" FAILED");
            }
            sep = "; ";
        }
        return sb.append(']').toString();
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
