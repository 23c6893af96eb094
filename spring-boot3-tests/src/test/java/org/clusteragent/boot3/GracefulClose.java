package org.clusteragent.boot3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.clusteragent.harness.UndertowBalancer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The graceful leave both Boot 3.5 web servers must show: closed while a request through the
 * balancer is held, the app sends STOP-APP first, still serves direct requests while it drains,
 * completes the held request with 200 and is gone from the balancer once {@code close()} returns.
 */
final class GracefulClose {

    private GracefulClose() {
    }

    static void closeWhileARequestIsHeld(ConfigurableApplicationContext app, String route, int port,
                                         UndertowBalancer balancer, HttpClient client, Duration wait,
                                         String server) throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(
                balancer.proxyUri("/hold")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(Boot3App.entered.await(20, TimeUnit.SECONDS));
        CompletableFuture<Void> close = CompletableFuture.runAsync(app::close);
        assertTrue(balancer.awaitNode(route, n -> n.context("/").map(c -> c.stopped()).orElse(false), wait)
                .isPresent(), () -> "STOP-APP reached the balancer: " + balancer.nodes());
        HttpResponse<String> direct = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, direct.statusCode(), server + " still serves while the agent drains");
        Boot3App.release();
        assertEquals(200, inFlight.get(20, TimeUnit.SECONDS).statusCode());
        close.get(30, TimeUnit.SECONDS);
        assertTrue(balancer.node(route).isEmpty(), () -> "left: " + balancer.nodes());
    }
}
