package org.clusteragent.boot3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.clusteragent.boot.ClusterAgentLifecycle;
import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The starter jar, compiled against Spring Boot 4, in a Spring Boot 3.5 application on its
 * embedded Tomcat 10.1, at Undertow's real balancer: registration and routing, the drain before
 * graceful shutdown stops accepting, and the failure report for a bad property.
 */
@ExtendWith(OutputCaptureExtension.class)
class Boot3StarterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final UndertowBalancer balancer = UndertowBalancer.builder().start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ConfigurableApplicationContext app;

    @BeforeEach
    void onTomcat() {
        // The undertow execution takes Tomcat off the class path; these tests are the Tomcat run's.
        assumeTrue(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null), "runs with Tomcat");
    }

    @AfterEach
    void tearDown() {
        Boot3App.release();
        if (app != null) {
            app.close();
        }
        balancer.stop();
    }

    private ConfigurableApplicationContext start(String route, String... extra) {
        return new SpringApplicationBuilder(Boot3App.class).properties("server.port=0", "server.address=127.0.0.1",
                "server.shutdown=graceful", "clusteragent.proxy-list=127.0.0.1:" + balancer.mcmpPort(),
                "clusteragent.advertise=false", "clusteragent.jvm-route=" + route).properties(extra).run();
    }

    private int port() {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void registersOnTomcat101AndTheBalancerRoutesToIt() throws Exception {
        assertTrue(SpringBootVersion.getVersion().startsWith("3.5."), SpringBootVersion.getVersion());
        app = start("boot3-a");
        assertEquals("10.1", org.apache.catalina.util.ServerInfo.getServerNumber().substring(0, 4));
        assertTrue(balancer.awaitNode("boot3-a", n -> n.routes("/"), WAIT).isPresent(), () -> "boot3-a: " + balancer.nodes());
        assertEquals(port(), balancer.node("boot3-a").orElseThrow().uri().getPort());
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(balancer.proxyUri("/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode());
        assertEquals("boot3-a", reply.body());
        assertTrue(app.getBean(ClusterAgentLifecycle.class).isRegistered());
    }

    @Test
    void drainsBeforeGracefulShutdownStopsAccepting() throws Exception {
        Boot3App.reset();
        app = start("boot3-g");
        int port = port();
        assertTrue(balancer.awaitNode("boot3-g", n -> n.routes("/"), WAIT).isPresent(), () -> "boot3-g: " + balancer.nodes());
        GracefulClose.closeWhileARequestIsHeld(app, "boot3-g", port, balancer, client, WAIT, "Tomcat");
        app = null;
    }

    @Test
    void aBadPropertyFailsTheStartWithTheReport(CapturedOutput output) {
        assertThrows(Throwable.class, () -> start("boot3-f", "clusteragent.status-interval=soon"));
        String out = output.getOut();
        assertTrue(out.contains("APPLICATION FAILED TO START"), out);
        assertTrue(out.contains("Property: clusteragent.status-interval"), out);
        assertTrue(out.contains("statusInterval=\"soon\""), out);
    }
}
