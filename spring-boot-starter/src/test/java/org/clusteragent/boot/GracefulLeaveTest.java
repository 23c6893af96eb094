package org.clusteragent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.clusteragent.boot.app.TestApp;
import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With {@code server.shutdown=graceful}, closing the application drains the node at the balancer
 * while Tomcat still accepts: a request in flight completes, a new request sent straight to the
 * node during the drain is still served, and only then does the node leave the balancer.
 */
class GracefulLeaveTest {

    private final UndertowBalancer balancer = UndertowBalancer.builder().start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ConfigurableApplicationContext app;

    @AfterEach
    void tearDown() {
        TestApp.Gate.release();
        if (app != null) {
            app.close();
        }
        balancer.stop();
    }

    @Test
    void drainsBeforeTheWebServerStopsAccepting() throws Exception {
        TestApp.Gate.reset();
        app = new SpringApplicationBuilder(TestApp.class).properties(
                "server.port=0", "server.address=127.0.0.1", "server.shutdown=graceful",
                "clusteragent.proxy-list=127.0.0.1:" + balancer.mcmpPort(), "clusteragent.advertise=false",
                "clusteragent.jvm-route=boot-g").run();
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        assertTrue(balancer.awaitNode("boot-g", n -> n.routes("/"), Duration.ofSeconds(20)).isPresent(),
                () -> "boot-g routable at the balancer: " + balancer.nodes());

        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(balancer.proxyUri("/hold")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(TestApp.Gate.awaitEntered(), "the held request reached the node");

        ConfigurableApplicationContext closing = app;
        CompletableFuture<Void> close = CompletableFuture.runAsync(closing::close);
        assertTrue(balancer.awaitNode("boot-g", n -> n.context("/").map(c -> c.stopped()).orElse(false),
                Duration.ofSeconds(20)).isPresent(), () -> "STOP-APP reached the balancer: " + balancer.nodes());

        HttpResponse<String> direct = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/hello")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, direct.statusCode(), "Tomcat still serves while the agent drains");
        assertEquals("boot-g", direct.body());

        TestApp.Gate.release();
        HttpResponse<String> held = inFlight.get(20, TimeUnit.SECONDS);
        assertEquals(200, held.statusCode());
        assertEquals("boot-g", held.body());
        close.get(30, TimeUnit.SECONDS);
        app = null;
        assertTrue(balancer.node("boot-g").isEmpty(), () -> "the node left the balancer: " + balancer.nodes());
    }
}
