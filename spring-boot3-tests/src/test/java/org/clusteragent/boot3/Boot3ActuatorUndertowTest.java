package org.clusteragent.boot3;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.ClassUtils;

/**
 * {@link Boot3ActuatorTest}'s checks on Boot 3.5's Undertow (run by the {@code undertow} surefire
 * execution, without Tomcat on the class path).
 */
class Boot3ActuatorUndertowTest {

    private final UndertowBalancer balancer = UndertowBalancer.builder().start();
    private final ActuatorChecks checks = new ActuatorChecks(balancer);

    @BeforeEach
    void onUndertow() {
        assumeFalse(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null), "runs without Tomcat");
    }

    @AfterEach
    void tearDown() {
        checks.close();
        balancer.stop();
    }

    @Test
    void healthEndpointAndMetersOnUndertow() throws Exception {
        checks.healthEndpointAndMeters("boot3-hu-a");
    }

    @Test
    void writeOperationsWhenAllowedOnUndertow() throws Exception {
        checks.writeOperationsWhenAllowed("boot3-hu-w");
    }

    @Test
    void anUnreachableProxyHasTheConfiguredStatusOnUndertow() throws Exception {
        checks.unreachableProxy("boot3-hu-d", "out_of_service", "OUT_OF_SERVICE", "OUT_OF_SERVICE");
    }
}
