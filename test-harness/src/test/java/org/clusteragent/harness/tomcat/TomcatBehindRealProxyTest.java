package org.clusteragent.harness.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import javax.management.JMX;
import javax.management.ObjectName;

import org.apache.catalina.util.ServerInfo;
import org.clusteragent.core.ClusterAgentMXBean;
import org.clusteragent.harness.HttpdBalancer;
import org.clusteragent.harness.RealProxy;
import org.clusteragent.harness.testing.BalancerClient;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.clusteragent.harness.testing.NodeServlet;
import org.clusteragent.harness.testing.ProxyKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two embedded Tomcat nodes ({@code a}, {@code b}) whose listener has only {@code proxyList} and
 * {@code advertise=false}, as a new user configures it, behind each real proxy in turn (httpd with
 * mod_proxy_cluster, Undertow's balancer): both register and are routed to, sessions stick, httpd's
 * mod_cluster-manager page lists the nodes and contexts, a context started at run time is routable
 * soon after (figure printed, bounded generously at 1 s), the agent's JMX operations {@code info}
 * and {@code dump} read the proxy's INFO and DUMP, and a stopped node leaves the proxy: it
 * has no context left there (httpd keeps the slot of a removed node for about 20 s before INFO stops
 * listing it; {@code HttpdDrainTest} waits for that once).
 * Runs with Tomcat 10.1 and, in the tomcat11 run, with 11.
 */
@Timeout(120)
class TomcatBehindRealProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private RealProxy proxy;
    private EmbeddedTomcatNode a;
    private EmbeddedTomcatNode b;

    @AfterEach
    void stopAll() throws Exception {
        Cleanup.closeAll(a, b, proxy);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ProxyKind.class)
    void registersIsRoutedSessionsStickAndLeavesCleanly(ProxyKind kind) throws Exception {
        proxy = kind.start();
        BalancerClient clients = new BalancerClient(proxy);
        a = new EmbeddedTomcatNode("a", EmbeddedTomcatNode.defaultsFor(proxy.mcmpPort())).start();
        b = new EmbeddedTomcatNode("b", EmbeddedTomcatNode.defaultsFor(proxy.mcmpPort())).start();
        clients.assertRoutable("a", WAIT);
        clients.assertRoutable("b", WAIT);

        assertEquals(Set.of("a", "b"), clients.nodesReached("/app/hello", 2), "requests reach both nodes");
        assertEquals(Set.of("a", "b"), clients.sessionsStick(2, 10), "sessions stick to the node that made them");
        if (proxy instanceof HttpdBalancer httpd) {
            String page = httpd.managerPage();
            for (String text : new String[] {"Node a ", "Node b ", NodeServlet.APP}) {
                assertTrue(page.contains(text), () -> "the manager page shows '" + text + "': " + page);
            }
        }

        // the agent's JMX operations read both proxies' INFO and DUMP
        ClusterAgentMXBean jmx = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName("org.clusteragent:type=ClusterAgent,node=" + ObjectName.quote("a")),
                ClusterAgentMXBean.class);
        String info = jmx.info();
        assertTrue(info.contains("node a http://127.0.0.1:") && info.contains("node b http://127.0.0.1:"), info);
        assertTrue(info.contains("context [localhost]" + NodeServlet.APP + " ENABLED"), info);
        String dump = jmx.dump();
        // both proxies print DUMP in httpd's layout: a node line per node, a context line per context
        assertTrue(dump.startsWith("== 127.0.0.1:" + proxy.mcmpPort() + "\n"), dump);
        for (String text : new String[] {"JVMRoute: a,", "JVMRoute: b,", "[" + NodeServlet.APP + "]"}) {
            assertTrue(dump.contains(text), () -> "DUMP through JMX shows '" + text + "': " + dump);
        }
        System.out.printf("%s INFO through JMX:%n%s%s DUMP through JMX:%n%s", kind, info, kind, dump);

        b.stop();
        assertTrue(awaitLeft("b"), () -> "b left " + kind + ": " + proxy.nodes());

        a.undeployApp();
        assertTrue(awaitStatus(clients, 200, false), "a:/app no longer routed after the undeploy");
        long t0 = System.nanoTime();
        a.deployApp();
        long started = System.nanoTime();
        assertTrue(awaitStatus(clients, 200, true), () -> "a:/app routed again: " + proxy.nodes());
        long routable = System.nanoTime();
        System.out.printf("Tomcat %s behind %s: context start -> routable %.1f ms (%.1f ms after the context"
                        + " had started)%n", ServerInfo.getServerNumber(), kind, (routable - t0) / 1e6,
                (routable - started) / 1e6);
        assertTrue(routable - t0 < Duration.ofSeconds(1).toNanos(), "routable within 1 s of the context start");

        a.stop();
        assertTrue(awaitLeft("a"), () -> "a left " + kind + ": " + proxy.nodes());
    }

    /** Waits until the proxy lists {@code route} with no context, or not at all. */
    private boolean awaitLeft(String route) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (proxy.node(route).map(n -> !n.contexts().isEmpty()).orElse(false)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Polls {@code /app/poll} until its status is (or, with {@code equal} false, is not) {@code status}. */
    private static boolean awaitStatus(BalancerClient clients, int status, boolean equal) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        do {
            HttpResponse<String> r = clients.get("/app/poll");
            if ((r.statusCode() == status) == equal) {
                return true;
            }
            Thread.sleep(1);
        } while (System.nanoTime() - deadline < 0);
        return false;
    }
}
