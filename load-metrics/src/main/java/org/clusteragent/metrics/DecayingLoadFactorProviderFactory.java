package org.clusteragent.metrics;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.clusteragent.spi.InvalidConfigurationException;
import org.clusteragent.spi.LoadFactorProvider;
import org.clusteragent.spi.LoadFactorProviderFactory;
import org.clusteragent.spi.LoadMetric;
import org.clusteragent.spi.config.PropertyReader;

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
        PropertyReader in = new PropertyReader(properties);
        int history = in.wholeNumber(LOAD_HISTORY, LoadSettings.DEFAULT_HISTORY, 0, LoadSettings.MAX_HISTORY,
                "a whole number of past samples in 0.." + LoadSettings.MAX_HISTORY + " such as 9");
        double decay = decayFactor(in);
        int initialLoad = in.wholeNumber(INITIAL_LOAD, LoadSettings.DEFAULT_INITIAL_LOAD, -1, 100,
                "a load factor in 0..100 such as 0, or -1 for no ramp");
        boolean hotStandby = in.bool(HOT_STANDBY, false);
        FailurePolicy policy = FailurePolicy.EXCLUDE;
        Optional<String> p = in.string(FAILURE_POLICY);
        if (p.isPresent()) {
            policy = FailurePolicy.fromProperty(p.get());
            if (policy == null) {
                in.problem(FAILURE_POLICY, p.get(), "not a failure policy; use exclude, last-value or assume-busy");
                policy = FailurePolicy.EXCLUDE;
            }
        }
        List<String> problems = in.problems();
        List<MetricSpec> specs = metrics(in, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new LoadSettings(specs, history, decay, initialLoad, hotStandby, policy);
    }

    private static List<MetricSpec> metrics(PropertyReader in, List<String> problems) {
        String list = in.string(LOAD_METRICS).orElse(null);
        String className = in.string(LOAD_METRIC_CLASS).orElse(null);
        String capacity = in.string(LOAD_METRIC_CAPACITY).orElse(null);
        if (list != null) {
            if (className != null || capacity != null) {
                Log.LOG.log(System.Logger.Level.INFO, "CLAG4001: loadMetrics is set, so loadMetricClass and "
                        + "loadMetricCapacity are ignored");
            }
            return MetricSpecs.fromEntries(LoadMetricsSyntax.parse(list, problems), problems);
        }
        double cap = 1;
        if (capacity != null) {
            Optional<BigDecimal> value = in.decimal(LOAD_METRIC_CAPACITY, "a positive number such as 1 or 0.5");
            if (value.isEmpty()) {
                return List.of();
            }
            cap = value.get().doubleValue();
            if (!(cap > 0) || Double.isInfinite(cap)) {
                in.problem(LOAD_METRIC_CAPACITY, capacity, "not positive; use a positive number such as 1 or 0.5");
                return List.of();
            }
        }
        String type = className != null ? className : DEFAULT_METRIC;
        MetricSpec spec = MetricSpecs.build(type, Map.of(), LOAD_METRIC_CLASS + "='" + type + "'", cap, problems);
        return spec == null ? List.of() : List.of(spec);
    }

    private static double decayFactor(PropertyReader in) {
        String usage = "a number in 1..1000 such as 2 (1 = plain average of the history)";
        Optional<BigDecimal> value = in.decimal(LOAD_DECAY_FACTOR, usage);
        if (value.isEmpty()) {
            return LoadSettings.DEFAULT_DECAY_FACTOR;
        }
        if (value.get().compareTo(BigDecimal.ONE) < 0 || value.get().compareTo(BigDecimal.valueOf(1000)) > 0) {
            in.problem(LOAD_DECAY_FACTOR, value.get().toPlainString(), "out of range; use " + usage);
            return LoadSettings.DEFAULT_DECAY_FACTOR;
        }
        return value.get().doubleValue();
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
}
