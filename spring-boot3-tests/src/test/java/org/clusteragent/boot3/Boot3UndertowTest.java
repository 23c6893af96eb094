package org.clusteragent.boot3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.clusteragent.boot.ClusterAgentLifecycle;
import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a Spring Boot 3.5 application on its embedded Undertow (run by the {@code undertow}
 * surefire execution, without Tomcat on the class path): registration and routing at Undertow's
 * real balancer, and the drain while Undertow still accepts, before Boot's graceful shutdown.
 */
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

    private static boolean present(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
