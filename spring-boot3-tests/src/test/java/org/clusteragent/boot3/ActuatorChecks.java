package org.clusteragent.boot3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.clusteragent.harness.UndertowBalancer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What Actuator must show of the starter on both Boot 3.5 web servers, against Undertow's real
 * balancer: the {@code clusteragent} health contributor with its proxies and the configured status,
 * the {@code /actuator/clusteragent} endpoint's contents, its write operations (refused by default,
 * working when allowed) and the agent's meters in the application's MeterRegistry. One instance per
 * test; {@link #close()} stops the application.
 */
final class ActuatorChecks implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final UndertowBalancer balancer;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private ConfigurableApplicationContext app;

    ActuatorChecks(UndertowBalancer balancer) {
        this.balancer = balancer;
    }

    /** Starts {@link Boot3App} as node {@code route} at the balancer, with health details and the endpoint exposed. */
    ConfigurableApplicationContext start(String route, String... extra) {
        List<String> properties = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
                "clusteragent.proxy-list=127.0.0.1:" + balancer.mcmpPort(), "clusteragent.advertise=false",
                "clusteragent.jvm-route=" + route, "management.endpoints.web.exposure.include=health,clusteragent",
                "management.endpoint.health.show-details=always"));
        properties.addAll(List.of(extra));
        app = new SpringApplicationBuilder(Boot3App.class).properties(properties.toArray(String[]::new)).run();
        return app;
    }

    /** Health, endpoint, meters and the refused write operation of a registered node. */
    void healthEndpointAndMeters(String route) throws Exception {
        start(route);
        assertTrue(balancer.awaitNode(route, n -> n.routes("/"), WAIT).isPresent(), () -> route + ": " + balancer.nodes());
        JsonNode health = awaitHealth("UP");
        JsonNode component = health.at("/components/clusteragent");
        assertEquals(route, component.at("/details/nodes/0").asText(), health.toString());
        assertEquals("OK", component.at("/details/proxies/0/state").asText(), health.toString());
        assertEquals("127.0.0.1:" + balancer.mcmpPort(),
                component.at("/details/proxies/0/address").asText().replace("/", ""), health.toString());

        JsonNode report = get("/actuator/clusteragent");
        assertTrue(report.get("running").asBoolean(), report.toString());
        assertEquals(route, report.at("/nodes/0/jvmRoute").asText(), report.toString());
        assertEquals("http://127.0.0.1:" + port(), report.at("/nodes/0/connector").asText(), report.toString());
        assertEquals("/", report.at("/nodes/0/contexts/0/path").asText(), report.toString());
        assertEquals("ENABLED", report.at("/nodes/0/contexts/0/state").asText(), report.toString());
        assertTrue(report.at("/nodes/0/loadExplanation").asText().startsWith("factor="), report.toString());
        assertEquals("OK", report.at("/proxies/0/state").asText(), report.toString());

        MeterRegistry registry = app.getBean(MeterRegistry.class);
        assertFalse(registry.find("clusteragent.mcmp.requests").tag("node", route).tag("outcome", "OK").meters()
                .isEmpty(), "the agent's exchanges are timed in the application's registry");
        assertFalse(registry.find("clusteragent.proxy.state").tag("node", route).gauges().isEmpty(),
                "the proxy state gauge is in the application's registry");

        HttpResponse<String> denied = post("/actuator/clusteragent/disable", "{}");
        assertTrue(denied.statusCode() >= 400 && denied.statusCode() < 500, denied.statusCode() + " " + denied.body());
        assertTrue(balancer.node(route).orElseThrow().routes("/"), () -> "still enabled: " + balancer.nodes());
    }

    /** With write access allowed: disable one context, enable all (a body without host and path), refresh. */
    void writeOperationsWhenAllowed(String route) throws Exception {
        start(route, "management.endpoint.clusteragent.access=unrestricted");
        assertTrue(balancer.awaitNode(route, n -> n.routes("/"), WAIT).isPresent(), () -> route + ": " + balancer.nodes());
        HttpResponse<String> disable = post("/actuator/clusteragent/disable", "{\"path\":\"/\"}");
        assertEquals(200, disable.statusCode(), disable.body());
        assertTrue(balancer.awaitNode(route, n -> n.context("/").map(c -> !c.enabled()).orElse(false), WAIT)
                .isPresent(), () -> "disabled at the balancer: " + balancer.nodes());
        HttpResponse<String> enable = post("/actuator/clusteragent/enable", "{}");
        assertEquals(200, enable.statusCode(), enable.body());
        assertEquals("ENABLED", json.readTree(enable.body()).at("/nodes/0/contexts/0/state").asText(), enable.body());
        assertTrue(balancer.awaitNode(route, n -> n.routes("/"), WAIT).isPresent(), () -> "enabled: " + balancer.nodes());
        HttpResponse<String> refresh = post("/actuator/clusteragent/refresh", "{}");
        assertEquals(200, refresh.statusCode(), refresh.body());
        assertTrue(json.readTree(refresh.body()).get("done").asBoolean(), refresh.body());
        assertEquals(400, post("/actuator/clusteragent/reboot", "{}").statusCode());
    }

    /** No proxy answers: the contributor has the status of clusteragent.health.unreachable-status. */
    void unreachableProxy(String route, String configured, String expected, String application) throws Exception {
        int nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = s.getLocalPort();
        }
        List<String> extra = new ArrayList<>(List.of("clusteragent.proxy-list=127.0.0.1:" + nobody));
        if (configured != null) {
            extra.add("clusteragent.health.unreachable-status=" + configured);
        }
        start(route, extra.toArray(String[]::new));
        JsonNode health = awaitHealth(expected);
        assertEquals(application, health.get("status").asText(), health.toString());
        assertEquals("ERROR", health.at("/components/clusteragent/details/proxies/0/state").asText(), health.toString());
    }

    JsonNode awaitHealth(String status) throws Exception {
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

    JsonNode get(String path) throws Exception {
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

    private int port() {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
            app = null;
        }
    }
}
