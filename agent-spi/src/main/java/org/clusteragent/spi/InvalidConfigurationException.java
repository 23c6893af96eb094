package org.clusteragent.spi;

import java.util.List;

/**
 * Configuration that cannot be used. Carries every problem found, each naming the attribute and
 * the offending value, so that a user fixes them all in one go; the message lists them one per
 * line.
 */
public class InvalidConfigurationException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidConfigurationException(String problem) {
        this(List.of(problem));
    }

    /** Each problem, one sentence naming attribute and value. */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return "Invalid clusteragent configuration: " + problems.get(0);
        }
        return "Invalid clusteragent configuration (" + problems.size() + " problems):\n  "
                + String.join("\n  ", problems);
    }
}
