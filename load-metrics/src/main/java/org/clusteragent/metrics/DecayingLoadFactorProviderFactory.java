package org.clusteragent.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.LoadFactorProvider;
import org.clusteragent.spi.LoadFactorProviderFactory;
import org.clusteragent.spi.LoadMetric;

/**
 * Builds a {@link DecayingLoadFactorProvider} from the agent's properties (see
 * {@code docs/load-metrics.md}): {@code loadMetrics} (ours; overrides the next two),
 * {@code loadMetricClass} (default busy threads) and {@code loadMetricCapacity} (default 1),
 * {@code loadHistory} (default 9, 0..1000), {@code loadDecayFactor} (default 2, >= 1),
 * {@code initialLoad} (default 0, -1..100, -1 = no ramp), {@code hotStandby} (ours, default false)
 * and {@code loadMetricFailurePolicy} (ours: exclude | last-value | assume-busy, default exclude).
 * Every bad value is reported at once in one {@link InvalidConfigurationException}. A metric that
 * cannot work on this platform is logged once here and left out. Registered for
 * {@link java.util.ServiceLoader}; stateless and thread-safe.
 */
public final class DecayingLoadFactorProviderFactory implements LoadFactorProviderFactory {

    public static final String LOAD_METRICS = "loadMetrics";
    public static final String LOAD_METRIC_CLASS = "loadMetricClass";
    public static final String LOAD_METRIC_CAPACITY = "loadMetricCapacity";
    public static final String LOAD_HISTORY = "loadHistory";
    public static final String LOAD_DECAY_FACTOR = "loadDecayFactor";
    public static final String INITIAL_LOAD = "initialLoad";
    public static final String HOT_STANDBY = "hotStandby";
    public static final String FAILURE_POLICY = "loadMetricFailurePolicy";

    /** The metric used when neither {@code loadMetrics} nor {@code loadMetricClass} is given. */
    public static final String DEFAULT_METRIC = "busy";

    private static final Set<String> NAMES = Set.of(LOAD_METRICS, LOAD_METRIC_CLASS, LOAD_METRIC_CAPACITY,
            LOAD_HISTORY, LOAD_DECAY_FACTOR, INITIAL_LOAD, HOT_STANDBY, FAILURE_POLICY);

    @Override
    public Set<String> propertyNames() {
        return NAMES;
    }

    @Override
    public LoadFactorProvider create(Map<String, String> properties, LongSupplier nanoClock) {
        return createProvider(properties, nanoClock);
    }

    /** As {@link #create}, typed, for callers that want the self-metrics accessors. */
    public DecayingLoadFactorProvider createProvider(Map<String, String> properties, LongSupplier nanoClock) {
        LoadSettings settings = parse(properties);
        List<MetricSpec> specs = settings.metrics();
        boolean[] unavailable = new boolean[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            String reason = unavailableReason(specs.get(i));
            if (reason != null) {
                unavailable[i] = true;
                Log.LOG.log(System.Logger.Level.WARNING, "CLAG4002: load metric ''{0}'' cannot work here: {1}; "
                        + "it is left out of the load factor", specs.get(i).name(), reason);
            }
        }
        return new DecayingLoadFactorProvider(settings, unavailable, nanoClock);
    }

    /**
     * Validates the properties into settings.
     *
     * @throws InvalidConfigurationException listing every problem, each naming property and value
     */
    public static LoadSettings parse(Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        int history = integer(properties, LOAD_HISTORY, LoadSettings.DEFAULT_HISTORY, 0,
                LoadSettings.MAX_HISTORY, problems);
        double decay = decayFactor(properties.get(LOAD_DECAY_FACTOR), problems);
        int initialLoad = integer(properties, INITIAL_LOAD, LoadSettings.DEFAULT_INITIAL_LOAD, -1, 100, problems);
        boolean hotStandby = bool(properties, HOT_STANDBY, problems);
        FailurePolicy policy = FailurePolicy.EXCLUDE;
        String p = trimmed(properties.get(FAILURE_POLICY));
        if (p != null) {
            policy = FailurePolicy.fromProperty(p);
            if (policy == null) {
                problems.add(FAILURE_POLICY + "='" + p + "' is not one of exclude, last-value, assume-busy");
            }
        }
        List<MetricSpec> specs = metrics(properties, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new LoadSettings(specs, history, decay, initialLoad, hotStandby, policy);
    }

    private static List<MetricSpec> metrics(Map<String, String> properties, List<String> problems) {
        String list = trimmed(properties.get(LOAD_METRICS));
        String className = trimmed(properties.get(LOAD_METRIC_CLASS));
        String capacity = trimmed(properties.get(LOAD_METRIC_CAPACITY));
        if (list != null) {
            if (className != null || capacity != null) {
                Log.LOG.log(System.Logger.Level.INFO, "CLAG4001: loadMetrics is set, so loadMetricClass and "
                        + "loadMetricCapacity are ignored");
            }
            return MetricSpecs.fromEntries(LoadMetricsSyntax.parse(list, problems), problems);
        }
        double cap = 1;
        if (capacity != null) {
            try {
                cap = Double.parseDouble(capacity);
            } catch (NumberFormatException e) {
                cap = Double.NaN;
            }
            if (!(cap > 0) || Double.isInfinite(cap)) {
                problems.add(LOAD_METRIC_CAPACITY + "='" + capacity + "' is not a positive number");
                return List.of();
            }
        }
        String type = className != null ? className : DEFAULT_METRIC;
        MetricSpec spec = MetricSpecs.build(type, Map.of(), LOAD_METRIC_CLASS + "='" + type + "'", cap, problems);
        return spec == null ? List.of() : List.of(spec);
    }

    private static String unavailableReason(MetricSpec spec) {
        try {
            LoadMetric probe = spec.instances().get();
            return probe.unavailableReason();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            return "building it failed: " + e;
        }
    }

    private static String trimmed(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim();
    }

    private static int integer(Map<String, String> props, String key, int dflt, int min, int max,
                               List<String> problems) {
        String v = trimmed(props.get(key));
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + "='" + v + "' is not a whole number in " + min + ".." + max);
        return dflt;
    }

    private static double decayFactor(String value, List<String> problems) {
        String v = trimmed(value);
        if (v == null) {
            return LoadSettings.DEFAULT_DECAY_FACTOR;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= 1 && !Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(LOAD_DECAY_FACTOR + "='" + v + "' is not a number >= 1 (1 = plain average of the history)");
        return LoadSettings.DEFAULT_DECAY_FACTOR;
    }

    private static boolean bool(Map<String, String> props, String key, List<String> problems) {
        String v = trimmed(props.get(key));
        if (v == null) {
            return false;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                problems.add(key + "='" + v + "' is neither true nor false");
                return false;
        }
    }
}
