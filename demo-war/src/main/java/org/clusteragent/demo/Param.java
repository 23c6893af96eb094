package org.clusteragent.demo;

/**
 * Validation of one bounded integer query parameter. Pure: takes the raw string the request
 * carried (or null when absent) and either returns the value or throws {@link BadRequest} with a
 * message like {@code heap: mb=9000 is out of range; allowed 1..512}. Immutable, thread-safe.
 *
 * @param endpoint     the endpoint name used in messages, e.g. {@code heap}
 * @param name         the query parameter name
 * @param min          smallest allowed value
 * @param max          largest allowed value
 * @param defaultValue used when the parameter is absent or empty; null makes it required
 * @param maxReason    optional text explaining where {@code max} comes from (e.g. {@code 2 x 2 cores})
 */
record Param(String endpoint, String name, int min, int max, Integer defaultValue, String maxReason) {

    static Param required(String endpoint, String name, int min, int max) {
        return new Param(endpoint, name, min, max, null, null);
    }

    static Param optional(String endpoint, String name, int min, int max, int defaultValue) {
        return new Param(endpoint, name, min, max, defaultValue, null);
    }

    Param because(String reason) {
        return new Param(endpoint, name, min, max, defaultValue, reason);
    }

    /** The validated value of {@code raw}; see the class comment for the refusal messages. */
    int parse(String raw) {
        if (raw == null || raw.isBlank()) {
            if (defaultValue != null) {
                return defaultValue;
            }
            throw BadRequest.invalid(endpoint + ": parameter " + name + " is required; allowed " + range());
        }
        String text = raw.strip();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw BadRequest.invalid(endpoint + ": " + name + "=" + shorten(text) + " is not a whole number; allowed " + range());
        }
        if (value < min || value > max) {
            throw BadRequest.invalid(endpoint + ": " + name + "=" + text + " is out of range; allowed " + range());
        }
        return (int) value;
    }

    String range() {
        return min + ".." + max + (maxReason == null ? "" : " (" + maxReason + ")");
    }

    private static String shorten(String s) {
        // Absurd inputs are echoed, but never a megabyte of them.
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
