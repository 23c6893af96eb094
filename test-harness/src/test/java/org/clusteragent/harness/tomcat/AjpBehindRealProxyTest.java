package org.clusteragent.harness.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import org.apache.catalina.util.ServerInfo;
import org.clusteragent.harness.BalancerNode;
import org.clusteragent.harness.HttpdBalancer;
import org.clusteragent.harness.RealProxy;
import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.harness.httpd.HttpdSettings;
import org.clusteragent.harness.testing.BalancerClient;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.clusteragent.harness.testing.NodeServlet;
import org.clusteragent.harness.testing.HttpdCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Tomcat node whose only connector is AJP/1.3, behind each real proxy. Behind httpd with
 * mod_proxy_cluster and mod_proxy_ajp, the connector has a {@code secret} (Tomcat requires one by
 * default) and httpd the same one ({@code AJPSecret}): the listener with only {@code proxyList} and
 * {@code advertise=false} registers it as {@code Type=ajp} on the AJP port, requests through httpd
 * reach it and sessions stick, and a node whose connector has another secret is registered but
 * served nothing (Tomcat refuses httpd's requests), so the test would see a secret that was not
 * sent. Undertow's balancer speaks AJP too but sends no secret, so there the connector needs
 * {@code secretRequired=false}; the same checks hold. Runs with Tomcat 10.1 and, in the tomcat11
 * run, with 11.
 */
@Timeout(60)
class AjpBehindRealProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SECRET = "ajp-test-secret";

    private HttpdBalancer httpd;
    private UndertowBalancer undertow;
    private EmbeddedTomcatNode node;

    @AfterEach
    void stopAll() throws Exception {
        Cleanup.closeAll(node, httpd, undertow);
    }

    private static HttpdBalancer httpdWithSecret() {
        HttpdCondition.require();
        return HttpdBalancer.start(new HttpdSettings.Builder().ajpSecret(SECRET).build());
    }

    @Test
    void anAjpOnlyNodeRegistersAsAjpAndIsRoutableThroughHttpd() throws Exception {
        httpd = httpdWithSecret();
        node = new EmbeddedTomcatNode("ajp-a", EmbeddedTomcatNode.defaultsFor(httpd.mcmpPort()),
                EmbeddedTomcatNode.ajpConnector(SECRET)).start();
        assertRoutedAsAjp(httpd, "ajp-a");
    }

    @Test
    void anAjpOnlyNodeWithoutASecretIsRoutableThroughUndertowsBalancer() throws Exception {
        undertow = UndertowBalancer.builder().start();
        node = new EmbeddedTomcatNode("ajp-u", EmbeddedTomcatNode.defaultsFor(undertow.mcmpPort()),
                EmbeddedTomcatNode.ajpConnector(null)).start();
        assertRoutedAsAjp(undertow, "ajp-u");
    }

    private void assertRoutedAsAjp(RealProxy proxy, String route) throws Exception {
        BalancerClient clients = new BalancerClient(proxy);
        clients.assertRoutable(route, WAIT);
        BalancerNode registered = proxy.node(route).orElseThrow();
        assertEquals("ajp", registered.uri().getScheme(), () -> "registered as Type=ajp: " + proxy.nodes());
        assertEquals(node.port(), registered.uri().getPort(), () -> "at the AJP port: " + proxy.nodes());
        assertEquals(Set.of(route), clients.nodesReached(NodeServlet.APP + "/hello", 1), "requests reach it");
        assertEquals(Set.of(route), clients.sessionsStick(1, 3), "its sessions stick");
        System.out.printf("Tomcat %s: AJP-only node routed through %s: %s%n", ServerInfo.getServerNumber(),
                proxy.kind(), registered.uri());
    }

    @Test
    void aNodeWhoseSecretHttpdDoesNotSendServesNothing() throws Exception {
        httpd = httpdWithSecret();
        node = new EmbeddedTomcatNode("ajp-x", EmbeddedTomcatNode.defaultsFor(httpd.mcmpPort()),
                EmbeddedTomcatNode.ajpConnector("another-secret")).start();
        new BalancerClient(httpd).assertRoutable("ajp-x", WAIT);
        HttpResponse<String> r = new BalancerClient(httpd).get(NodeServlet.APP + "/hello");
        assertTrue(r.statusCode() >= 400 && NodeServlet.nodeOf(r.body()) == null,
                () -> "Tomcat refused the request without its secret: " + r.statusCode() + " " + r.body());
        System.out.printf("AJP node with another secret than httpd's: httpd answered %d%n", r.statusCode());
    }
}
