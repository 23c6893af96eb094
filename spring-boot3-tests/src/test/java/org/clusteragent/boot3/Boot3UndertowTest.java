package org.clusteragent.boot3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.clusteragent.boot.ClusterAgentLifecycle;
import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a Spring Boot 3.5 application on its embedded Undertow (run by the {@code undertow}
 * surefire execution, without Tomcat on the class path): registration and routing at Undertow's
 * real balancer, and the drain while Undertow still accepts, before Boot's graceful shutdown; a
 * property only Tomcat can use (process-status-frequency) fails the start, or with
 * fail-on-error=false gives one warning that says so, and the application runs without the agent.
 */
@ExtendWith(OutputCaptureExtension.class)
class Boot3UndertowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final UndertowBalancer balancer = UndertowBalancer.builder().start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ConfigurableApplicationContext app;

    @AfterEach
    void tearDown() {
        Boot3App.release();
        if (app != null) {
            app.close();
        }
        balancer.stop();
    }

    @Test
    void registersDrainsAndLeavesOnUndertow() throws Exception {
        assumeFalse(present("org.apache.catalina.startup.Tomcat"), "runs in the undertow execution, without Tomcat");
        Boot3App.reset();
        app = new SpringApplicationBuilder(Boot3App.class).properties("server.port=0", "server.address=127.0.0.1",
                "server.shutdown=graceful", "clusteragent.proxy-list=127.0.0.1:" + balancer.mcmpPort(),
                "clusteragent.advertise=false", "clusteragent.jvm-route=boot3-u").run();
        assertTrue(app.getEnvironment().getProperty("local.server.port") != null);
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        assertTrue(balancer.awaitNode("boot3-u", n -> n.routes("/"), WAIT).isPresent(), () -> "boot3-u: " + balancer.nodes());
        assertEquals(port, balancer.node("boot3-u").orElseThrow().uri().getPort());
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(balancer.proxyUri("/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode());
        assertEquals("boot3-u", reply.body());
        assertTrue(app.getBean(ClusterAgentLifecycle.class).isRegistered());

        GracefulClose.closeWhileARequestIsHeld(app, "boot3-u", port, balancer, client, WAIT, "Undertow");
        app = null;
    }

    @Test
    void aTomcatOnlyPropertyWithFailOnErrorFalseIsOneWarningThatSaysWhatIsWrong(CapturedOutput output) throws Exception {
        assumeFalse(present("org.apache.catalina.startup.Tomcat"), "runs in the undertow execution, without Tomcat");
        ActuatorChecks checks = new ActuatorChecks(balancer);
        try (checks) {
            app = checks.start("boot3-pf", "clusteragent.process-status-frequency=5", "clusteragent.fail-on-error=false");
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> direct = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, direct.statusCode(), "the application serves without the agent");
            String out = output.getOut();
            assertEquals(1, out.split("CLAG9001", -1).length - 1, out);
            String warning = out.substring(out.indexOf("CLAG9001"));
            warning = warning.substring(0, warning.indexOf('\n'));
            assertTrue(warning.contains("clusteragent.process-status-frequency: processStatusFrequency=\"5\": cannot work"
                    + " on Undertow"), warning);
            assertTrue(warning.contains("not registered with any proxy"), warning);
            assertFalse(out.contains("CLAG9002"), "no 'found no embedded web server': it found Undertow\n" + out);
            assertTrue(app.getBean(ClusterAgentLifecycle.class).clusterAgent().isEmpty());
            JsonNode health = checks.awaitHealth("UNKNOWN");
            assertTrue(health.at("/components/clusteragent/details/reason").asText()
                    .contains("clusteragent.process-status-frequency"), health.toString());
            assertTrue(balancer.nodes().isEmpty(), () -> "not registered: " + balancer.nodes());
            app = null;
        }
    }

    @Test
    void aTomcatOnlyPropertyFailsTheStartWithTheReport(CapturedOutput output) {
        assumeFalse(present("org.apache.catalina.startup.Tomcat"), "runs in the undertow execution, without Tomcat");
        try (ActuatorChecks checks = new ActuatorChecks(balancer)) {
            assertThrows(Throwable.class, () -> checks.start("boot3-pt", "clusteragent.process-status-frequency=5"));
        }
        String out = output.getOut();
        assertTrue(out.contains("APPLICATION FAILED TO START"), out);
        assertTrue(out.contains("Property: clusteragent.process-status-frequency"), out);
        assertTrue(out.contains("cannot work on Undertow"), out);
    }

    private static boolean present(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
