package org.clusteragent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.metrics.micrometer.AgentMeters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * With Actuator and Micrometer in the application: the {@code clusteragent} health contributor,
 * the {@code /actuator/clusteragent} endpoint (read, and write when allowed), the agent's meters in
 * the application's registry and a {@code micrometer(name=…)} load metric reading an application
 * meter. Against Undertow's real balancer.
 */
class ActuatorTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String[] ACTUATOR = {"management.endpoints.web.exposure.include=health,clusteragent",
            "management.endpoint.health.show-details=always"};

    private final UndertowBalancer balancer = UndertowBalancer.builder().start();
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private ConfigurableApplicationContext app;

    /** An application meter for the micrometer load metric: a queue of 5 out of 10. */
    @Configuration(proxyBeanMethods = false)
    static class QueueMeter {
        @Bean
        MeterBinder testQueue() {
            return registry -> Gauge.builder("test.queue.size", () -> 5).register(registry);
        }
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        balancer.stop();
    }

    @Test
    void healthEndpointMetersAndMicrometerLoad() throws Exception {
        app = BootNodes.start("boot-m", balancer, with(ACTUATOR, "management.endpoint.clusteragent.access=unrestricted",
                "clusteragent.load-metrics=micrometer(name=test.queue.size, capacity=10)",
                "spring.main.sources=" + QueueMeter.class.getName()));
        assertTrue(balancer.awaitNode("boot-m", n -> n.routes("/"), WAIT).isPresent(), () -> "boot-m: " + balancer.nodes());
        awaitHealth("UP");
        JsonNode health = get("/actuator/health");
        JsonNode component = health.at("/components/clusteragent");
        assertEquals("OK", component.at("/details/proxies/0/state").asText(), health.toString());
        assertEquals("boot-m", component.at("/details/nodes/0").asText(), health.toString());

        JsonNode report = get("/actuator/clusteragent");
        assertEquals("boot-m", report.at("/nodes/0/jvmRoute").asText(), report.toString());
        assertEquals("/", report.at("/nodes/0/contexts/0/path").asText(), report.toString());
        assertEquals("ENABLED", report.at("/nodes/0/contexts/0/state").asText(), report.toString());
        assertEquals("127.0.0.1:" + balancer.mcmpPort(), report.at("/proxies/0/address").asText().replace("/", ""),
                report.toString());
        String load = report.at("/nodes/0/loadExplanation").asText();
        assertTrue(load.contains("micrometer:test.queue.size raw=5 cap=10"), "the load metric reads the app's meter: " + load);

        MeterRegistry registry = app.getBean(MeterRegistry.class);
        assertTrue(registry.find(AgentMeters.REQUESTS).meters().size() > 0, "self-metrics in the app's registry");

        assertEquals(200, post("/actuator/clusteragent/disable", "{\"path\":\"/\"}").statusCode());
        assertTrue(balancer.awaitNode("boot-m", n -> n.context("/").map(c -> !c.enabled()).orElse(false), WAIT)
                .isPresent(), () -> "disabled at the balancer: " + balancer.nodes());
        assertEquals(200, post("/actuator/clusteragent/enable", "{}").statusCode());
        assertTrue(balancer.awaitNode("boot-m", n -> n.routes("/"), WAIT).isPresent(), () -> "enabled: " + balancer.nodes());
        HttpResponse<String> refresh = post("/actuator/clusteragent/refresh", "{}");
        assertEquals(200, refresh.statusCode(), refresh.body());
        assertTrue(json.readTree(refresh.body()).get("done").asBoolean(), refresh.body());
        assertEquals(400, post("/actuator/clusteragent/reboot", "{}").statusCode());
    }

    @Test
    void writeOperationsAreOffByDefault() throws Exception {
        app = BootNodes.start("boot-r", balancer, ACTUATOR);
        assertTrue(balancer.awaitNode("boot-r", n -> n.routes("/"), WAIT).isPresent(), () -> "boot-r: " + balancer.nodes());
        assertEquals("boot-r", get("/actuator/clusteragent").at("/nodes/0/jvmRoute").asText());
        HttpResponse<String> denied = post("/actuator/clusteragent/disable", "{}");
        assertTrue(denied.statusCode() >= 400 && denied.statusCode() < 500, denied.statusCode() + " " + denied.body());
        assertTrue(balancer.node("boot-r").orElseThrow().routes("/"), "still enabled: " + balancer.nodes());
    }

    @Test
    void anUnreachableProxyIsNotDownUnlessConfigured() throws Exception {
        int nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = s.getLocalPort();
        }
        app = BootNodes.start("boot-u", balancer, with(ACTUATOR, "clusteragent.proxy-list=127.0.0.1:" + nobody));
        JsonNode health = awaitHealth("UNKNOWN");
        assertEquals("UP", health.get("status").asText(), "the application stays UP: " + health);
        assertEquals("ERROR", health.at("/components/clusteragent/details/proxies/0/state").asText(), health.toString());
        app.close();

        app = BootNodes.start("boot-u", balancer, with(ACTUATOR, "clusteragent.proxy-list=127.0.0.1:" + nobody,
                "clusteragent.health.unreachable-status=down"));
        health = awaitHealth("DOWN");
        assertEquals("DOWN", health.get("status").asText(), health.toString());
    }

    private JsonNode awaitHealth(String status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode health;
        do {
            health = json.readTree(send(HttpRequest.newBuilder(uri("/actuator/health")).build()).body());
            if (status.equals(health.at("/components/clusteragent/status").asText())) {
                return health;
            }
            Thread.sleep(20);
        } while (System.nanoTime() - deadline < 0);
        throw new AssertionError("clusteragent health never became " + status + ": " + health);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(uri(path)).build());
        assertEquals(200, reply.statusCode(), path + ": " + reply.body());
        return json.readTree(reply.body());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort() + path);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
