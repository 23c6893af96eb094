package org.clusteragent.spi.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Reads typed values out of string properties, collecting a problem per bad value instead of
 * stopping at the first, so the user sees them all at once. Values are trimmed; a blank value
 * counts as not given (the default applies), as an empty server.xml attribute should.
 * Every problem reads {@code name="value": what is wrong; what to write}: the one error format of
 * every module that reads the agent's properties (agent-core, load-metrics, advertise-listener).
 * Not thread-safe.
 */
public final class PropertyReader {

    private final Map<String, String> values = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    public PropertyReader(Map<String, String> properties) {
        properties.forEach((name, value) -> {
            if (name != null && value != null && !value.isBlank()) {
                values.put(name, value.trim());
            }
        });
    }

    public List<String> problems() {
        return problems;
    }

    public void problem(String name, String value, String reason) {
        problems.add(name + "=\"" + value + "\": " + reason);
    }

    public boolean isSet(String name) {
        return values.containsKey(name);
    }

    public Optional<String> string(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public boolean bool(String name, boolean defaultValue) {
        return optionalBool(name).orElse(defaultValue);
    }

    public Optional<Boolean> optionalBool(String name) {
        String value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on":
                return Optional.of(Boolean.TRUE);
            case "false", "no", "off":
                return Optional.of(Boolean.FALSE);
            default:
                problem(name, value, "not a boolean; use true or false (yes/no and on/off work too)");
                return Optional.empty();
        }
    }

    /**
     * A whole number in {@code min..max}.
     *
     * @param usage how to write it, completing "use ...", e.g. {@code "a whole number such as 10"}
     */
    public long wholeNumber(String name, long defaultValue, long min, long max, String usage) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
        } catch (NumberFormatException e) {
            boolean numeric = value.matches("[+-]?\\d+");
            problem(name, value, (numeric ? "out of range" : "not a number") + "; use " + usage);
            return defaultValue;
        }
        if (parsed < min || parsed > max) {
            problem(name, value, "out of range; use " + usage);
            return defaultValue;
        }
        return parsed;
    }

    public int wholeNumber(String name, int defaultValue, int min, int max, String usage) {
        return (int) wholeNumber(name, (long) defaultValue, min, max, usage);
    }

    public OptionalInt optionalWholeNumber(String name, int min, int max, String usage) {
        if (!values.containsKey(name)) {
            return OptionalInt.empty();
        }
        int before = problems.size();
        int value = wholeNumber(name, 0, min, max, usage);
        return problems.size() == before ? OptionalInt.of(value) : OptionalInt.empty();
    }

    /** A decimal number (no exponent), or empty when absent or bad. */
    public Optional<BigDecimal> decimal(String name, String usage) {
        String value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            problem(name, value, "not a number; use " + usage);
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(value));
    }

    /** An enum constant, by name, case-insensitive. */
    public <E extends Enum<E>> E enumValue(String name, Class<E> type, E defaultValue, String kind) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        problem(name, value, "not " + kind + "; use one of " + allowed + " (case-insensitive)");
        return defaultValue;
    }
}
