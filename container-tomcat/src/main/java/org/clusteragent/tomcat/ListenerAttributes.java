package org.clusteragent.tomcat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code <Listener>} attributes exactly as written in server.xml, in document order. All of them
 * go to the agent untouched, which validates them; the adapter itself reads only
 * {@code processStatusFrequency}. Thread-safe.
 */
final class ListenerAttributes {

    /** mod_cluster's name: send STATUS every N background ticks of the Engine instead of on a timer. */
    static final String PROCESS_STATUS_FREQUENCY = "processStatusFrequency";

    /** Attributes that belong to Tomcat's digester, not to us (className never reaches us anyway). */
    private static final Set<String> TOMCAT_OWN = Set.of("className", "optional");

    private final Map<String, String> values = new LinkedHashMap<>();

    /** Records one attribute; returns false for the attributes that belong to Tomcat itself. */
    synchronized boolean set(String name, String value) {
        if (TOMCAT_OWN.contains(name)) {
            return false;
        }
        values.put(name, value);
        return true;
    }

    synchronized String get(String name) {
        return values.get(name);
    }

    /** An immutable, ordered copy of every attribute set so far. */
    synchronized Map<String, String> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The configured frequency, or 0 when the agent's own scheduler sends STATUS. The agent
     * validates the value (and refuses to start on a bad one); here a bad value simply reads as 0.
     */
    static int statusFrequency(Map<String, String> attributes) {
        String frequency = attributes.get(PROCESS_STATUS_FREQUENCY);
        return frequency == null ? 0 : Math.max(0, parseFrequency(frequency));
    }

    private static int parseFrequency(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
