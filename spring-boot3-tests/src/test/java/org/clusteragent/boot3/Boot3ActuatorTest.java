package org.clusteragent.boot3;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.ClassUtils;

/**
 * Actuator and Micrometer of a Spring Boot 3.5 application on Tomcat 10.1 with the starter: the
 * {@code clusteragent} health contributor, the endpoint and its write operations, and the agent's
 * meters in the application's registry (the checks are {@link ActuatorChecks}', shared with the
 * Undertow run).
 */
class Boot3ActuatorTest {

    private final UndertowBalancer balancer = UndertowBalancer.builder().start();
    private final ActuatorChecks checks = new ActuatorChecks(balancer);

    @BeforeEach
    void onTomcat() {
        assumeTrue(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null), "runs with Tomcat");
    }

    @AfterEach
    void tearDown() {
        checks.close();
        balancer.stop();
    }

    @Test
    void healthEndpointAndMetersOnTomcat() throws Exception {
        checks.healthEndpointAndMeters("boot3-ha");
    }

    @Test
    void writeOperationsWhenAllowedOnTomcat() throws Exception {
        checks.writeOperationsWhenAllowed("boot3-hw");
    }

    @Test
    void anUnreachableProxyIsUnknownByDefaultAndDownWhenConfigured() throws Exception {
        checks.unreachableProxy("boot3-hu", null, "UNKNOWN", "UP");
        checks.close();
        checks.unreachableProxy("boot3-hu", "down", "DOWN", "DOWN");
    }
}
