package org.clusteragent.metrics;

import java.util.Locale;

/**
 * What the load factor provider does with a metric sample that throws or returns NaN or a negative
 * value. Whatever the policy, the failure is counted, logged once per outage (at its start, and its
 * end when the metric recovers) and shown in {@link org.clusteragent.spi.LoadReport} as failed.
 * Chosen with the {@code loadMetricFailurePolicy} property.
 */
public enum FailurePolicy {

    /**
     * The default: leave the metric out of this sample and share its weight among the others, so a
     * broken metric never pulls the factor towards idle or busy. Its history is kept as it was.
     */
    EXCLUDE("exclude"),

    /** Repeat the metric's last good normalised value (left out, as EXCLUDE, if it never had one). */
    LAST_VALUE("last-value"),

    /** Count the metric as fully loaded: the cautious choice when a failing source means trouble. */
    ASSUME_BUSY("assume-busy");

    private final String propertyValue;

    FailurePolicy(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    /** The value written in the {@code loadMetricFailurePolicy} property. */
    public String propertyValue() {
        return propertyValue;
    }

    /** Parses a property value, case-insensitively; null when it names no policy. */
    static FailurePolicy fromProperty(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (FailurePolicy p : values()) {
            if (p.propertyValue.equals(v)) {
                return p;
            }
        }
        return null;
    }
}
