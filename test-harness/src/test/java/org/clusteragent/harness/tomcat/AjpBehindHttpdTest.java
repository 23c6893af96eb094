package org.clusteragent.harness.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import org.apache.catalina.util.ServerInfo;
import org.clusteragent.harness.BalancerNode;
import org.clusteragent.harness.HttpdBalancer;
import org.clusteragent.harness.httpd.HttpdSettings;
import org.clusteragent.harness.testing.BalancerClient;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.clusteragent.harness.testing.NodeServlet;
import org.clusteragent.harness.testing.RequiresHttpd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Tomcat node whose only connector is AJP/1.3 (with a {@code secret}, as Tomcat requires by
 * default), behind real httpd with mod_proxy_cluster and mod_proxy_ajp, httpd given the same secret
 * ({@code AJPSecret}): the listener with only {@code proxyList} and {@code advertise=false} registers
 * it as {@code Type=ajp} on the AJP port, requests through httpd reach it and sessions stick, and a
 * node whose connector has another secret is registered but served nothing (Tomcat refuses httpd's
 * requests), so the test would see a secret that was not sent. Runs with Tomcat 10.1 and, in the
 * tomcat11 run, with 11.
 */
@RequiresHttpd
@Timeout(60)
class AjpBehindHttpdTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SECRET = "ajp-test-secret";

    private HttpdBalancer httpd;
    private EmbeddedTomcatNode node;

    @AfterEach
    void stopAll() throws Exception {
        Cleanup.closeAll(node, httpd);
    }

    @Test
    void anAjpOnlyNodeRegistersAsAjpAndIsRoutable() throws Exception {
        httpd = HttpdBalancer.start(new HttpdSettings.Builder().ajpSecret(SECRET).build());
        node = new EmbeddedTomcatNode("ajp-a", EmbeddedTomcatNode.defaultsFor(httpd.mcmpPort()),
                EmbeddedTomcatNode.ajpConnector(SECRET)).start();
        BalancerClient clients = new BalancerClient(httpd);
        clients.assertRoutable("ajp-a", WAIT);

        BalancerNode registered = httpd.node("ajp-a").orElseThrow();
        assertEquals("ajp", registered.uri().getScheme(), () -> "registered as Type=ajp: " + httpd.info());
        assertEquals(node.port(), registered.uri().getPort(), () -> "at the AJP port: " + httpd.info());
        assertEquals(Set.of("ajp-a"), clients.nodesReached(NodeServlet.APP + "/hello", 1), "requests reach it");
        assertEquals(Set.of("ajp-a"), clients.sessionsStick(1, 3), "its sessions stick");
        System.out.printf("Tomcat %s: AJP-only node routed through httpd: %s%n", ServerInfo.getServerNumber(),
                registered.uri());
    }

    @Test
    void aNodeWhoseSecretHttpdDoesNotSendServesNothing() throws Exception {
        httpd = HttpdBalancer.start(new HttpdSettings.Builder().ajpSecret(SECRET).build());
        node = new EmbeddedTomcatNode("ajp-x", EmbeddedTomcatNode.defaultsFor(httpd.mcmpPort()),
                EmbeddedTomcatNode.ajpConnector("another-secret")).start();
        new BalancerClient(httpd).assertRoutable("ajp-x", WAIT);
        HttpResponse<String> r = new BalancerClient(httpd).get(NodeServlet.APP + "/hello");
        assertTrue(r.statusCode() >= 400 && NodeServlet.nodeOf(r.body()) == null,
                () -> "Tomcat refused the request without its secret: " + r.statusCode() + " " + r.body());
        System.out.printf("AJP node with another secret than httpd's: httpd answered %d%n", r.statusCode());
    }
}
