package org.clusteragent.boot;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code clusteragent.*} properties cannot be used: thrown while the application context is
 * created, so that the application stops before it serves anyone and Spring Boot prints
 * {@link ClusterAgentFailureAnalyzer}'s report. Carries every problem the agent's parser found,
 * each with the property it is about.
 */
public class ClusterAgentPropertiesException extends RuntimeException {

    /**
     * One problem: the Spring property (null when the text names none), where it was set (null when
     * unknown), and the agent's own text, which names the attribute and the value.
     */
    public record Problem(String property, String origin, String text) {
    }

    private final List<Problem> problems;

    public ClusterAgentPropertiesException(List<Problem> problems) {
        super("Invalid clusteragent properties:\n  " + problems.stream().map(Problem::text)
                .collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
