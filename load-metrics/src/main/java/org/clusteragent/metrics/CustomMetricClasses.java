package org.clusteragent.metrics;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.clusteragent.spi.LoadMetric;
import org.clusteragent.spi.config.NameSuggester;

/**
 * Builds user metric classes named in {@code loadMetrics} or {@code loadMetricClass}. A class is
 * loaded with the thread context class loader, then this module's; it implements
 * {@link LoadMetric} and has either a public constructor taking {@code Map<String,String>} (given
 * every property but weight and capacity) or a public no-arg constructor, in which case each
 * property {@code foo} goes to a public {@code setFoo} taking String, int, long, double or boolean.
 * Everything is checked once by building a probe instance, whose own weight and capacity are the
 * defaults. Stateless.
 */
final class CustomMetricClasses {

    /** A validated class: how to build instances, and the probe's own weight and capacity. */
    record Custom(MetricType.Configured configured, LoadMetric probe) {
    }

    private CustomMetricClasses() {
    }

    /** Validates and returns the class's builder, or null after adding problems. */
    static Custom configure(String className, Map<String, String> properties, String label,
                            List<String> problems) {
        Class<?> type = load(className);
        if (type == null) {
            String hint = NameSuggester.suggest(className, BuiltInMetricTypes.typeNames())
                    .map(name -> "did you mean " + name + "? ").orElse("");
            problems.add(label + ": no metric type or class named '" + className + "'; " + hint + "use a short type ("
                    + String.join(", ", BuiltInMetricTypes.typeNames()) + ") or the class name of a "
                    + LoadMetric.class.getName() + " visible to the web server");
            return null;
        }
        if (!LoadMetric.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
            problems.add(label + ": class " + className + " is not a concrete " + LoadMetric.class.getName());
            return null;
        }
        Map<String, String> props = Map.copyOf(properties);
        int before = problems.size();
        LoadMetric probe = instantiate(type, props, label, problems);
        if (problems.size() > before || probe == null) {
            return null;
        }
        String name = type.getSimpleName();
        return new Custom(new MetricType.Configured(name, () -> {
            List<String> late = new java.util.ArrayList<>();
            LoadMetric m = instantiate(type, props, label, late);
            if (m == null) {
                throw new IllegalStateException(String.join("; ", late));
            }
            return m;
        }), probe);
    }

    private static Class<?> load(String className) {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        if (tccl != null) {
            try {
                return Class.forName(className, true, tccl);
            } catch (ClassNotFoundException | LinkageError e) {
                // fall through to our own loader
            }
        }
        try {
            return Class.forName(className, true, CustomMetricClasses.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static LoadMetric instantiate(Class<?> type, Map<String, String> props, String label,
                                          List<String> problems) {
        try {
            Constructor<?> withMap = findMapConstructor(type);
            if (withMap != null) {
                return (LoadMetric) withMap.newInstance(props);
            }
            Object metric = type.getConstructor().newInstance();
            for (Map.Entry<String, String> e : props.entrySet()) {
                set(metric, e.getKey(), e.getValue(), label, problems);
            }
            return (LoadMetric) metric;
        } catch (NoSuchMethodException e) {
            problems.add(label + ": class " + type.getName() + " has neither a public no-arg constructor nor "
                    + "a public constructor taking Map<String,String>");
        } catch (InvocationTargetException e) {
            problems.add(label + ": constructing " + type.getName() + " failed: " + e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            problems.add(label + ": cannot construct " + type.getName() + ": " + e);
        }
        return null;
    }

    private static Constructor<?> findMapConstructor(Class<?> type) {
        try {
            return type.getConstructor(Map.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static void set(Object metric, String key, String value, String label, List<String> problems) {
        String setter = "set" + key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1);
        for (Method m : metric.getClass().getMethods()) {
            if (!m.getName().equals(setter) || m.getParameterCount() != 1) {
                continue;
            }
            Object arg = convert(m.getParameterTypes()[0], value);
            if (arg == null) {
                continue;
            }
            try {
                m.invoke(metric, arg);
            } catch (InvocationTargetException e) {
                problems.add(label + ": " + key + "='" + value + "' was refused by " + setter + ": " + e.getCause());
            } catch (IllegalAccessException e) {
                problems.add(label + ": " + setter + " of " + metric.getClass().getName() + " is not accessible");
            }
            return;
        }
        problems.add(label + ": " + key + "='" + value + "' has no public " + setter
                + "(String, int, long, double or boolean) on " + metric.getClass().getName()
                + " accepting that value");
    }

    /** The value converted to the setter's parameter type, or null when it does not convert. */
    private static Object convert(Class<?> p, String value) {
        try {
            if (p == String.class) {
                return value;
            } else if (p == int.class || p == Integer.class) {
                return Integer.valueOf(value);
            } else if (p == long.class || p == Long.class) {
                return Long.valueOf(value);
            } else if (p == double.class || p == Double.class) {
                return Double.valueOf(value);
            } else if (p == boolean.class || p == Boolean.class) {
                if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                    return Boolean.valueOf(value);
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }
}
