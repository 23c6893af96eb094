package org.clusteragent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import org.clusteragent.boot.app.TestApp;
import org.clusteragent.harness.HttpdBalancer;
import org.clusteragent.harness.httpd.HttpdSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real Boot 4 application on a random port registers at real httpd with mod_proxy_cluster, httpd routes
 * to it, and it leaves httpd (no contexts left) when its context closes. Skipped with one line when httpd
 * cannot run here; fails instead when {@code CI=true}.
 */
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"clusteragent.jvm-route=boot-h", "clusteragent.advertise=false", "server.address=127.0.0.1"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class BootHttpdTest {

    private static HttpdBalancer httpd;

    @BeforeAll
    static void startHttpd() {
        Optional<String> problem = HttpdSetup.problem();
        if (problem.isPresent()) {
            String line = "httpd tests skipped: " + problem.get() + "; to run them, " + HttpdSetup.HOW_TO_ENABLE;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true, so the httpd tests must run, but " + problem.get());
            }
            System.err.println(line);
            Assumptions.abort(line);
        }
        httpd = HttpdBalancer.startDefault();
    }

    /** Runs after Spring closed the context (AFTER_EACH_TEST_METHOD): the agent must have left httpd. */
    @AfterAll
    static void leftOnCloseThenStopHttpd() throws InterruptedException {
        if (httpd == null) {
            return;
        }
        try {
            boolean gone = httpd.node("boot-h").isEmpty()
                    || httpd.awaitNode("boot-h", n -> n.contexts().isEmpty(), Duration.ofSeconds(10)).isPresent();
            assertTrue(gone, () -> "boot-h has no contexts at httpd after the context closed: " + httpd.nodes());
        } finally {
            httpd.close();
        }
    }

    @DynamicPropertySource
    static void proxy(DynamicPropertyRegistry registry) {
        registry.add("clusteragent.proxy-list", () -> "127.0.0.1:" + httpd.mcmpPort());
    }

    @Autowired
    private org.springframework.boot.web.server.context.WebServerApplicationContext server;

    @Test
    void registersAtHttpdWhichRoutesToItAndLeavesOnClose() throws Exception {
        assertTrue(httpd.awaitNode("boot-h", n -> n.routes("/"), Duration.ofSeconds(20)).isPresent(),
                () -> "boot-h routable for / at httpd: " + httpd.nodes());
        assertEquals(server.getWebServer().getPort(), httpd.node("boot-h").orElseThrow().uri().getPort(),
                "the node's announced port");

        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(httpd.proxyUri("/hello"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), () -> "through httpd: " + reply.body());
        assertEquals("boot-h", reply.body());
    }
}
