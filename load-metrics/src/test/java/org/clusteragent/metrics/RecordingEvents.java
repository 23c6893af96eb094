package org.clusteragent.metrics;

import java.util.ArrayList;
import java.util.List;

/** Records provider events as short strings, e.g. {@code failed:a}, {@code recovered:a:3}, {@code allOut}. */
final class RecordingEvents implements LoadEvents {

    final List<String> events = new ArrayList<>();

    @Override
    public void metricFailed(String engine, String metric, String why, FailurePolicy policy) {
        events.add("failed:" + metric + ":" + why);
    }

    @Override
    public void metricRecovered(String engine, String metric, long failedSamples) {
        events.add("recovered:" + metric + ":" + failedSamples);
    }

    @Override
    public void metricTooSlow(String engine, String metric, long tookMillis, long budgetMillis) {
        events.add("tooSlow:" + metric + ":" + tookMillis);
    }

    @Override
    public void allMetricsOut(String engine, int previousFactor) {
        events.add("allOut:" + previousFactor);
    }
}
