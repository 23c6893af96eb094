package org.clusteragent.harness.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real user path: Tomcat's own distribution tarball (unpacked by the build into
 * {@code clusteragent.tomcatHome}), the tomcat-lib jar dropped into {@code lib/}, a war dropped into
 * {@code webapps/}, the {@code <Listener>} added to {@code conf/server.xml}, and Tomcat started and
 * stopped with {@code bin/catalina.sh}. Routing is proven through Undertow's real balancer. The build
 * runs it once per Tomcat line (10.1 in the default test run, 11 in the second); it works on a copy
 * of the distribution in a temporary directory ({@link TomcatDistribution}) and kills the Tomcat
 * process if anything goes wrong.
 */
class TomcatDistributionTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String ROUTE = "dist";
    private static final String MARKER = "clusteragent distribution test";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(150)
    void catalinaShStartsTomcatWithTheListenerAndTheBalancerRoutesToIt() throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "catalina.sh needs a POSIX shell");
        TomcatDistribution tomcat = null;
        boolean passed = false;
        try (UndertowBalancer balancer = UndertowBalancer.builder().start()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("proxyList", "127.0.0.1:" + balancer.mcmpPort());
            attributes.put("advertise", "false");
            attributes.put("statusInterval", "1");
            attributes.put("jvmRoute", ROUTE);
            tomcat = TomcatDistribution.prepare("clusteragent-dist-", attributes, Map.of());
            // A war with one static page: enough to prove that requests reach a deployed webapp.
            tomcat.deployWar("clusterapp.war", Map.of("index.html", "<html><body>" + MARKER + "</body></html>\n"));

            long started = System.nanoTime();
            tomcat.start();
            Optional<?> node = balancer.awaitNode(ROUTE, n -> n.routes("/clusterapp"), BOUND);
            assertTrue(node.isPresent(), () -> "node " + ROUTE + " routable at the balancer: " + balancer.nodes());
            System.out.printf("%s: routable %d ms after catalina.sh start%n", System.getProperty("clusteragent.tomcatHome"),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

            HttpResponse<String> response = client.send(HttpRequest.newBuilder(balancer.proxyUri("/clusterapp/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains(MARKER), response.body());
            assertEquals(tomcat.httpPort(), balancer.node(ROUTE).orElseThrow().uri().getPort(),
                    "the balancer sends to the connector from server.xml");

            long pid = tomcat.pid();
            tomcat.stop();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " gone");
            assertEquals(Optional.empty(), balancer.node(ROUTE), "the node left the balancer on shutdown");

            String log = tomcat.log();
            assertTrue(log.contains("CLAG6000"), "agent started (CLAG6000) in catalina.out");
            assertTrue(log.contains("CLAG6006"), "agent stopped cleanly (CLAG6006) in catalina.out");
            for (String bad : List.of("CLAG6001", "CLAG6002", "CLAG6003", "CLAG6004", "CLAG6005")) {
                assertFalse(log.contains(bad), bad + " in catalina.out");
            }
            String expected = System.getProperty("clusteragent.expectedTomcat");
            if (expected != null) {
                assertTrue(log.contains("Apache Tomcat/" + expected), "catalina.out names Apache Tomcat/" + expected);
            }
            passed = true;
        } finally {
            if (tomcat != null) {
                if (!passed) {
                    System.out.println("---- tail of catalina.out ----\n" + tomcat.tail());
                }
                tomcat.close();
            }
        }
    }
}
