package org.clusteragent.demo;

import java.util.List;

/**
 * A hand-written JSON object writer, so the war needs nothing but the servlet API. Builds one flat
 * or nested object field by field; strings are escaped per RFC 8259 (plus U+2028/U+2029 and lone
 * surrogates, so the text survives any UTF-8 encoder and JavaScript). Not thread-safe; one per reply.
 */
final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder("{");
    private boolean empty = true;

    Json put(String name, String value) {
        name(name);
        if (value == null) {
            out.append("null");
        } else {
            quote(value, out);
        }
        return this;
    }

    Json put(String name, long value) {
        name(name).append(value);
        return this;
    }

    Json put(String name, boolean value) {
        name(name).append(value);
        return this;
    }

    Json put(String name, List<String> values) {
        name(name).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String v = values.get(i);
            if (v == null) {
                out.append("null");
            } else {
                quote(v, out);
            }
        }
        out.append(']');
        return this;
    }

    /** Adds an array of nested objects. */
    Json putObjects(String name, List<Json> objects) {
        name(name).append('[');
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(objects.get(i).toString());
        }
        out.append(']');
        return this;
    }

    private StringBuilder name(String name) {
        if (!empty) {
            out.append(',');
        }
        empty = false;
        quote(name, out);
        return out.append(':');
    }

    /** The finished object; the writer stays usable (further fields extend it). */
    @Override
    public String toString() {
        return out + "}";
    }

    /** {@code value} as a JSON string literal, quotes included. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2);
        quote(value, sb);
        return sb.toString();
    }

    private static void quote(String value, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || isLoneSurrogate(value, i)) {
                        unicodeEscape(c, sb);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    private static void unicodeEscape(char c, StringBuilder sb) {
        sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }
}
