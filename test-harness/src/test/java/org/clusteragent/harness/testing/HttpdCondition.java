package org.clusteragent.harness.testing;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.clusteragent.harness.httpd.HttpdSetup;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit 5 extension behind {@link RequiresHttpd}: enables the tests when {@link HttpdSetup#problem()}
 * finds nothing missing; otherwise disables them with one line naming what is missing and how to enable
 * them (printed once per JVM too), unless the environment says {@code CI=true}: then the class fails
 * in {@code beforeAll} with that line. {@link #require()} applies the same rule inside a test
 * (for parameterized tests where only some parameters need httpd). Stateless apart from the print-once flag; thread-safe.
 */
public final class HttpdCondition implements ExecutionCondition, BeforeAllCallback {

    private static final AtomicBoolean PRINTED = new AtomicBoolean();

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static String line(String problem) {
        return "httpd tests skipped: " + problem + "; to run them, " + HttpdSetup.HOW_TO_ENABLE;
    }

    /**
     * The same rule as an assumption, for a test that runs against httpd only for some of its
     * parameters: returns when httpd can run; otherwise aborts the test (skipped, with the one line),
     * or fails it when {@code CI=true}.
     */
    public static void require() {
        Optional<String> problem = HttpdSetup.problem();
        if (problem.isEmpty()) {
            return;
        }
        if (onCi()) {
            throw new IllegalStateException(ciMessage(problem.get()));
        }
        String line = line(problem.get());
        if (PRINTED.compareAndSet(false, true)) {
            System.err.println(line);
        }
        Assumptions.abort(line);
    }

    private static String ciMessage(String problem) {
        return "CI=true, so the httpd tests must run, but " + problem + ": " + HttpdSetup.HOW_TO_ENABLE;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> problem = HttpdSetup.problem();
        if (problem.isEmpty() || onCi()) {
            return ConditionEvaluationResult.enabled("httpd and mod_proxy_cluster's source are here");
        }
        String line = line(problem.get());
        if (PRINTED.compareAndSet(false, true)) {
            System.err.println(line);
        }
        return ConditionEvaluationResult.disabled(line);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> problem = HttpdSetup.problem();
        if (problem.isPresent()) {
            throw new IllegalStateException(ciMessage(problem.get()));
        }
    }
}
