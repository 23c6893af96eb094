package org.clusteragent.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Splits the {@code loadMetrics} attribute into entries: {@code type[(key=value, …)]} separated by
 * commas, e.g. {@code cpu(weight=2), heap, sessions(capacity=512)}. Values cannot contain commas or
 * parentheses (the Micrometer metric separates tags with {@code ;}). Only syntax is checked here;
 * each problem names the entry (1-based position and type) and the offending text. Stateless.
 */
final class LoadMetricsSyntax {

    static final String ATTRIBUTE = "loadMetrics";

    private static final Pattern TYPE = Pattern.compile("[A-Za-z_$][\\w$.-]*");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][\\w.-]*");

    /**
     * One entry as written.
     *
     * @param position   1-based position in the list
     * @param type       the short type name or class name
     * @param properties the properties in written order, keys and values trimmed
     */
    record Entry(int position, String type, Map<String, String> properties) {

        /** How problems name this entry, e.g. {@code loadMetrics entry 2 'sessions'}. */
        String label() {
            return ATTRIBUTE + " entry " + position + " '" + type + "'";
        }
    }

    private LoadMetricsSyntax() {
    }

    /** Parses the attribute; entries with syntax problems are left out and the problems added. */
    static List<Entry> parse(String text, List<String> problems) {
        List<Entry> entries = new ArrayList<>();
        List<String> parts = splitTopLevel(text, problems);
        if (parts == null) {
            return entries;
        }
        for (int i = 0; i < parts.size(); i++) {
            Entry e = parseEntry(i + 1, parts.get(i).trim(), problems);
            if (e != null) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static List<String> splitTopLevel(String text, List<String> problems) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                if (++depth > 1) {
                    problems.add(ATTRIBUTE + "='" + text + "': nested '(' at character " + (i + 1)
                            + "; values cannot contain parentheses");
                    return null;
                }
            } else if (c == ')') {
                if (--depth < 0) {
                    problems.add(ATTRIBUTE + "='" + text + "': ')' at character " + (i + 1)
                            + " closes nothing");
                    return null;
                }
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            problems.add(ATTRIBUTE + "='" + text + "': a '(' is never closed");
            return null;
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Entry parseEntry(int position, String text, List<String> problems) {
        String where = ATTRIBUTE + " entry " + position;
        if (text.isEmpty()) {
            problems.add(where + " is empty (two commas in a row, or a trailing comma?)");
            return null;
        }
        int open = text.indexOf('(');
        String type = (open < 0 ? text : text.substring(0, open)).trim();
        if (!TYPE.matcher(type).matches()) {
            problems.add(where + ": '" + type + "' is not a metric type or class name");
            return null;
        }
        Entry entry = new Entry(position, type, new LinkedHashMap<>());
        if (open < 0) {
            return entry;
        }
        if (!text.endsWith(")")) {
            problems.add(entry.label() + ": unexpected '" + text.substring(text.indexOf(')') + 1).trim()
                    + "' after ')'");
            return null;
        }
        String inside = text.substring(open + 1, text.length() - 1);
        boolean ok = true;
        if (!inside.isBlank()) {
            for (String prop : inside.split(",", -1)) {
                ok &= parseProperty(entry, prop.trim(), problems);
            }
        }
        return ok ? entry : null;
    }

    private static boolean parseProperty(Entry entry, String prop, List<String> problems) {
        int eq = prop.indexOf('=');
        if (eq < 0) {
            problems.add(entry.label() + ": '" + prop + "' is not key=value");
            return false;
        }
        String key = prop.substring(0, eq).trim();
        String value = prop.substring(eq + 1).trim();
        if (!KEY.matcher(key).matches()) {
            problems.add(entry.label() + ": '" + key + "' in '" + prop + "' is not a property name");
            return false;
        }
        if (value.isEmpty()) {
            problems.add(entry.label() + ": " + key + " has no value");
            return false;
        }
        if (entry.properties().putIfAbsent(key, value) != null) {
            problems.add(entry.label() + ": " + key + " is given twice");
            return false;
        }
        return true;
    }
}
