package org.clusteragent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.clusteragent.boot.app.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A bad property stops the application with Spring Boot's failure report, unless fail-on-error=false. */
@ExtendWith(OutputCaptureExtension.class)
class FailureReportTest {

    @Test
    void badPropertiesFailTheStartWithAReportNamingPropertyOriginAndValue(CapturedOutput output) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(TestApp.class)
                .properties("server.port=0", "server.address=127.0.0.1", "clusteragent.socket-timout=5")
                .environment(environment(Map.of("CLUSTERAGENT_SOCKETTIMEOUT", "abc")));
        Throwable failure = assertThrows(Throwable.class, builder::run);

        ClusterAgentPropertiesException cause = find(failure);
        assertEquals(2, cause.problems().size(), cause.problems().toString());
        assertTrue(output.getOut().contains("APPLICATION FAILED TO START"), "Boot's failure report is printed");
        String report = output.getOut();
        assertTrue(report.contains("Property: clusteragent.socket-timeout"), report);
        assertTrue(report.contains("Origin:   System Environment Property \"CLUSTERAGENT_SOCKETTIMEOUT\""), report);
        assertTrue(report.contains("socketTimeout=\"abc\": not a number"), report);
        assertTrue(report.contains("Property: clusteragent.socket-timout"), report);
        assertTrue(report.contains("socketTimout=\"5\": unknown attribute; did you mean socketTimeout?"), report);
        assertTrue(report.contains("clusteragent.fail-on-error=false"), "the action names the way out: " + report);
    }

    @Test
    void failOnErrorFalseWarnsOnceAndRunsWithoutTheAgent(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TestApp.class).properties(
                "server.port=0", "server.address=127.0.0.1", "clusteragent.socket-timeout=abc",
                "clusteragent.fail-on-error=false", "clusteragent.jvm-route=boot-f").run()) {
            ClusterAgentLifecycle lifecycle = app.getBean(ClusterAgentLifecycle.class);
            assertTrue(lifecycle.clusterAgent().isEmpty());
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, reply.statusCode(), "the application serves without the agent");
        }
        String out = output.getOut();
        assertEquals(1, count(out, "CLAG9001"), out);
        assertTrue(out.contains("socketTimeout=\"abc\""), out);
        assertFalse(out.contains("APPLICATION FAILED TO START"), out);
        assertFalse(out.contains("CLAG2001"), "no agent started: " + out);
    }

    @Test
    void enabledFalseCreatesNothing() {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TestApp.class).properties(
                "server.port=0", "server.address=127.0.0.1", "clusteragent.enabled=false",
                "clusteragent.socket-timeout=abc").run()) {
            assertTrue(app.getBeansOfType(ClusterAgentLifecycle.class).isEmpty());
        }
    }

    /** An environment whose system environment variables are {@code variables}, mapped the way Boot maps real ones. */
    static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        variables));
        return environment;
    }

    private static ClusterAgentPropertiesException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ClusterAgentPropertiesException e) {
                return e;
            }
        }
        throw new AssertionError("no ClusterAgentPropertiesException in " + t, t);
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }
}
