package org.clusteragent.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns written metric entries into validated {@link MetricSpec}s: resolves the type (short name,
 * mod_cluster class name, or user class), checks weight, capacity and the type's own properties,
 * and makes display names unique. Every problem names the entry and the offending value.
 * Stateless.
 */
final class MetricSpecs {

    private MetricSpecs() {
    }

    /** Specs for every {@code loadMetrics} entry; entries with problems are left out. */
    static List<MetricSpec> fromEntries(List<LoadMetricsSyntax.Entry> entries, List<String> problems) {
        List<MetricSpec> specs = new ArrayList<>();
        for (LoadMetricsSyntax.Entry e : entries) {
            MetricSpec spec = build(e.type(), e.properties(), e.label(), null, problems);
            if (spec != null) {
                specs.add(spec);
            }
        }
        return unique(specs);
    }

    /**
     * One spec.
     *
     * @param capacityOverride the capacity to use whatever the properties say (legacy
     *                         {@code loadMetricCapacity}), or null
     */
    static MetricSpec build(String typeName, Map<String, String> written, String label,
                            Double capacityOverride, List<String> problems) {
        Map<String, String> props = new LinkedHashMap<>(written);
        int before = problems.size();
        Double weight = positive(props.remove("weight"), "weight", label, problems);
        Double capacity = positive(props.remove("capacity"), "capacity", label, problems);
        if (capacityOverride != null) {
            capacity = capacityOverride;
        }
        MetricType type = resolve(typeName, label, problems);
        if (type == null) {
            if (problems.size() > before) {
                return null;
            }
            CustomMetricClasses.Custom custom = CustomMetricClasses.configure(typeName, props, label, problems);
            if (custom == null || problems.size() > before) {
                return null;
            }
            double w = weight != null ? weight : custom.probe().weight();
            double c = capacity != null ? capacity : custom.probe().capacity();
            if (!(w > 0) || Double.isInfinite(w) || !(c > 0) || Double.isInfinite(c)) {
                problems.add(label + ": the class's own weight " + w + " / capacity " + c
                        + " is not positive; set weight= and capacity= in the entry");
                return null;
            }
            return new MetricSpec(custom.configured().displayName(), w, c, custom.configured().instances());
        }
        Set<String> unknown = new TreeSet<>(props.keySet());
        unknown.removeAll(type.propertyNames());
        if (!unknown.isEmpty()) {
            Set<String> allowed = new TreeSet<>(type.propertyNames());
            allowed.add("weight");
            allowed.add("capacity");
            problems.add(label + ": unknown propert" + (unknown.size() == 1 ? "y " : "ies ") + unknown
                    + "; " + type.typeName() + " takes " + allowed);
        }
        if (capacity == null && Double.isNaN(type.defaultCapacity()) && problems.size() == before) {
            problems.add(label + ": capacity is required for " + type.typeName()
                    + " (no default fits every server); e.g. " + type.typeName() + "(capacity=512)");
        }
        Map<String, String> own = new LinkedHashMap<>(props);
        own.keySet().retainAll(type.propertyNames());
        List<String> typeProblems = new ArrayList<>();
        MetricType.Configured configured = type.configure(own, typeProblems);
        for (String p : typeProblems) {
            problems.add(label + ": " + p);
        }
        if (configured == null || problems.size() > before) {
            return null;
        }
        return new MetricSpec(configured.displayName(), weight != null ? weight : 1,
                capacity != null ? capacity : type.defaultCapacity(), configured.instances());
    }

    private static MetricType resolve(String typeName, String label, List<String> problems) {
        if (typeName.equalsIgnoreCase(BuiltInMetricTypes.MICROMETER)) {
            return MicrometerSupport.type(label, problems);
        }
        MetricType type = BuiltInMetricTypes.byName(typeName);
        if (type != null) {
            return type;
        }
        String legacy = BuiltInMetricTypes.legacyTypeName(typeName);
        return legacy == null ? null : BuiltInMetricTypes.byName(legacy);
    }

    private static Double positive(String value, String key, String label, List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && !Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(label + ": " + key + "='" + value + "' is not a positive number");
        return null;
    }

    /** Same display name twice (two micrometer meters of one name…): suffix the later ones #2, #3. */
    private static List<MetricSpec> unique(List<MetricSpec> specs) {
        Set<String> seen = new HashSet<>();
        List<MetricSpec> out = new ArrayList<>(specs.size());
        for (MetricSpec s : specs) {
            String name = s.name();
            for (int n = 2; !seen.add(name); n++) {
                name = s.name() + "#" + n;
            }
            out.add(name.equals(s.name()) ? s : new MetricSpec(name, s.weight(), s.capacity(), s.instances()));
        }
        return out;
    }
}
