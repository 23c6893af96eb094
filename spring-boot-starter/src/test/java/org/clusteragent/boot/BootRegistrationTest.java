package org.clusteragent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.catalina.startup.Tomcat;
import org.clusteragent.boot.app.TestApp;
import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A real Boot 4 application on a random port registers at Undertow's real balancer, which routes to it. */
@SpringBootTest(classes = {TestApp.class, BootRegistrationTest.Balancer.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clusteragent.jvm-route=boot-a", "clusteragent.advertise=false", "server.address=127.0.0.1"})
@DirtiesContext
class BootRegistrationTest {

    private static final UndertowBalancer BALANCER = UndertowBalancer.builder().start();

    /** The balancer as a bean, so that it stops after the agent has left it, when the context closes. */
    @TestConfiguration
    static class Balancer {
        @Bean(destroyMethod = "stop")
        UndertowBalancer balancer() {
            return BALANCER;
        }
    }

    @DynamicPropertySource
    static void proxy(DynamicPropertyRegistry registry) {
        registry.add("clusteragent.proxy-list", () -> "127.0.0.1:" + BALANCER.mcmpPort());
    }

    @Autowired
    private WebServerApplicationContext context;

    @Autowired
    private ClusterAgentLifecycle lifecycle;

    @Test
    void registersOnceListeningAndTheBalancerRoutesToIt() throws Exception {
        assertTrue(BALANCER.awaitNode("boot-a", n -> n.routes("/"), Duration.ofSeconds(20)).isPresent(),
                () -> "boot-a routable for / at the balancer: " + BALANCER.nodes());
        int port = context.getWebServer().getPort();
        assertEquals(port, BALANCER.node("boot-a").orElseThrow().uri().getPort(), "the node's announced port");

        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(BALANCER.proxyUri("/hello"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode());
        assertEquals("boot-a", reply.body());

        Tomcat tomcat = ((TomcatWebServer) context.getWebServer()).getTomcat();
        assertEquals("boot-a", tomcat.getEngine().getJvmRoute(), "session ids carry the node's route");
        assertTrue(lifecycle.isRunning());
        assertEquals(1, lifecycle.clusterAgent().orElseThrow().nodes().size());
    }
}
