package org.clusteragent.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link ClusterAgentPropertiesException} into Spring Boot's "APPLICATION FAILED TO START"
 * report: one block per problem with the property, where it was set and the agent's text (which
 * names the value), then what to do. Registered in {@code META-INF/spring.factories}. Stateless.
 */
public final class ClusterAgentFailureAnalyzer extends AbstractFailureAnalyzer<ClusterAgentPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ClusterAgentPropertiesException cause) {
        StringBuilder description = new StringBuilder("The cluster agent cannot start: ")
                .append(cause.problems().size()).append(" problem(s) with its properties:\n");
        for (ClusterAgentPropertiesException.Problem p : cause.problems()) {
            description.append('\n');
            if (p.property() != null) {
                description.append("    Property: ").append(p.property()).append('\n');
            }
            if (p.origin() != null) {
                description.append("    Origin:   ").append(p.origin()).append('\n');
            }
            description.append("    Problem:  ").append(p.text()).append('\n');
        }
        String action = "Correct the clusteragent properties above. To run the application without the cluster"
                + " agent meanwhile, set " + ClusterAgentProperties.FAIL_ON_ERROR + "=false (the application starts"
                + " with one warning and is not registered with any proxy) or " + ClusterAgentProperties.ENABLED
                + "=false.";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
