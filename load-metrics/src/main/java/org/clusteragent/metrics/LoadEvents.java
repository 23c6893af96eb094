package org.clusteragent.metrics;

/**
 * The operator-relevant events of the load factor provider. The default implementation logs them
 * (ids CLAG4010..4019, CLAG2310); tests substitute a recorder. Called from the status thread; implementations
 * must not throw.
 */
interface LoadEvents {

    /** A metric's sample failed and the previous one had not: the start of an outage. */
    void metricFailed(String engine, String metric, String why, FailurePolicy policy);

    /** A metric produced a value again after {@code failedSamples} failed ones. */
    void metricRecovered(String engine, String metric, long failedSamples);

    /** A metric's sample took longer than its budget; it is left out from now on. */
    void metricTooSlow(String engine, String metric, long tookMillis, long budgetMillis);

    /** No metric produced a value in this sample (first time in a row). */
    void allMetricsOut(String engine, int previousFactor);

    /** Logs through {@link System.Logger} under {@code org.clusteragent.metrics}. */
    LoadEvents LOGGING = new LoadEvents() {
        @Override
        public void metricFailed(String engine, String metric, String why, FailurePolicy policy) {
            Log.LOG.log(System.Logger.Level.WARNING, "CLAG4010: load metric ''{0}'' of engine {1} {2}; "
                    + "policy {3}: {4} until it recovers (logged once per outage)", metric, engine, why,
                    policy.propertyValue(), describe(policy));
        }

        @Override
        public void metricRecovered(String engine, String metric, long failedSamples) {
            Log.LOG.log(System.Logger.Level.INFO, "CLAG4011: load metric ''{0}'' of engine {1} works again "
                    + "after {2} failed sample(s)", metric, engine, failedSamples);
        }

        @Override
        public void metricTooSlow(String engine, String metric, long tookMillis, long budgetMillis) {
            Log.LOG.log(System.Logger.Level.WARNING, "CLAG2310: load metric ''{0}'' of engine {1} took {2} ms"
                    + " for one sample, over its budget of {3} ms; it is left out of the load factor until"
                    + " the agent restarts", metric, engine, tookMillis, budgetMillis);
        }

        @Override
        public void allMetricsOut(String engine, int previousFactor) {
            Log.LOG.log(System.Logger.Level.WARNING, "CLAG4012: no load metric of engine {0} has a value; "
                    + "the load factor stays at {1} until one does", engine,
                    previousFactor < 0 ? "its starting value" : Integer.toString(previousFactor));
        }

        private String describe(FailurePolicy policy) {
            switch (policy) {
                case ASSUME_BUSY:
                    return "counted as fully loaded";
                case LAST_VALUE:
                    return "its last good value is repeated";
                default:
                    return "left out, the other metrics' weights renormalised,";
            }
        }
    };
}
