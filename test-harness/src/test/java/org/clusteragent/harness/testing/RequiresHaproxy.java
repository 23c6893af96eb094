package org.clusteragent.harness.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.clusteragent.harness.HaproxyBalancer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that runs a real HAProxy ({@link HaproxyBalancer}). Where the binary is missing,
 * its tests are skipped with one line saying how to enable them; with {@code CI=true} they fail instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresHaproxy.Condition.class)
public @interface RequiresHaproxy {

    /** Enables the class when HAProxy is installed, else skips it (one line) or, on CI, fails it. */
    final class Condition implements ExecutionCondition, BeforeAllCallback {

        private static final AtomicBoolean PRINTED = new AtomicBoolean();

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> problem = HaproxyBalancer.problem();
            if (problem.isEmpty() || HttpdCondition.onCi()) {
                return ConditionEvaluationResult.enabled("HAProxy is installed");
            }
            String line = "HAProxy tests skipped: " + problem.get() + "; to run them, " + HaproxyBalancer.HOW_TO_ENABLE;
            if (PRINTED.compareAndSet(false, true)) {
                System.err.println(line);
            }
            return ConditionEvaluationResult.disabled(line);
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            HaproxyBalancer.problem().ifPresent(problem -> {
                throw new IllegalStateException("CI=true, so the HAProxy tests must run, but " + problem + ": "
                        + HaproxyBalancer.HOW_TO_ENABLE);
            });
        }
    }
}
