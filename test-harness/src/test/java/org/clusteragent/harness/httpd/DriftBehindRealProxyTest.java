package org.clusteragent.harness.httpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.clusteragent.harness.HttpdBalancer;
import org.clusteragent.harness.RealProxy;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.NodeKind;
import org.clusteragent.harness.testing.NodeServlet;
import org.clusteragent.harness.testing.ProxyKind;
import org.clusteragent.harness.testing.ServingNode;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drift repair through each real proxy, with the listener's defaults but for a frequent INFO check
 * ({@code statusInterval=0.5}, {@code repairInterval=2}: one INFO check a second instead of a
 * minute). Node {@code a} serves {@code /app} and {@code /app2}; someone else changes the proxy's view
 * of it, one drift after the other: a {@code REMOVE-APP /*} of the whole node (raw MCMP), {@code /app}
 * disabled from the manager page, {@code /app} stopped from the manager page (httpd only: Undertow's
 * page has no Stop link and ignores the command), a {@code REMOVE-APP} of {@code /app} (raw MCMP).
 * After each, both contexts must be routable again within a few INFO periods, and the whole run must
 * log exactly one line per drift naming it (CLAG2008, or CLAG1106 where the proxy forgot the node
 * entirely and a STATUS reply found out first), no MCMP error reply to the agent, and, at httpd, no
 * {@code manager_handler … error} in its error log. At httpd the removed node must also stay
 * revived past the 10 s after which httpd drops a node still marked removed (checked once, with the
 * Tomcat node). Runs for Tomcat and Undertow nodes behind each proxy.
 */
@Timeout(120)
class DriftBehindRealProxyTest {

    private static final Duration STATUS_INTERVAL = Duration.ofMillis(500);
    private static final int REPAIR_INTERVAL = 2;
    private static final Duration INFO_PERIOD = STATUS_INTERVAL.multipliedBy(REPAIR_INTERVAL);
    private static final Map<String, String> FAST_INFO_CHECK = Map.of(
            "statusInterval", String.valueOf(STATUS_INTERVAL.toMillis() / 1000.0),
            "repairInterval", String.valueOf(REPAIR_INTERVAL));
    /**
     * Repaired at the next INFO check, at most one period away; generous for a loaded machine, and
     * still far below the default period (6 × 10 s), so the attributes must have taken effect.
     */
    private static final Duration REPAIRED_WITHIN = Duration.ofSeconds(10);
    /** httpd drops a node marked removed after 10 s (wait_for_remove) at its next watchdog run (1 s). */
    private static final Duration HTTPD_REMOVE_DELAY = Duration.ofSeconds(12);
    private static final String APP2 = "/app2";
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

    /** One kind of change someone else makes to the proxy's view of node {@code a}. */
    enum Drift {
        REMOVE_NODE, DISABLED_ON_PAGE, STOPPED_ON_PAGE, REMOVE_CONTEXT
    }

    static Stream<Arguments> cases() {
        return Stream.of(ProxyKind.values()).flatMap(p -> Stream.of(NodeKind.values()).map(n -> Arguments.of(p, n)));
    }

    private RealProxy proxy;
    private ServingNode a;

    @AfterEach
    void stopAll() throws Exception {
        Cleanup.closeAll(a, proxy);
    }

    @ParameterizedTest(name = "{1} node behind {0}")
    @MethodSource("cases")
    void eachDriftIsRepairedAtTheNextInfoCheckWithOneLineNamingIt(ProxyKind proxyKind, NodeKind nodeKind)
            throws Exception {
        proxy = proxyKind.start();
        boolean httpd = proxy instanceof HttpdBalancer;
        Set<Drift> drifts = httpd ? EnumSet.allOf(Drift.class)
                : EnumSet.complementOf(EnumSet.of(Drift.STOPPED_ON_PAGE));
        List<String> expected = new ArrayList<>();
        long nodeRemovedAt = 0;
        try (CapturedLog log = CapturedLog.capture()) {
            a = nodeKind.start("a", proxy.mcmpPort(), FAST_INFO_CHECK);
            a.deploy(APP2);
            assertTrue(awaitBothRoutable(Duration.ofSeconds(30)) >= 0, () -> "a registered: " + proxy.nodes());
            for (Drift drift : drifts) {
                long t0 = System.nanoTime();
                make(drift);
                if (drift == Drift.REMOVE_NODE) {
                    nodeRemovedAt = t0;
                }
                long took = awaitBothRoutable(REPAIRED_WITHIN);
                assertTrue(took >= 0, () -> drift + " repaired within " + REPAIRED_WITHIN.toSeconds() + " s: "
                        + proxy.nodes() + "; log " + driftLines(log));
                expected.add(expectedLine(drift, httpd));
                System.out.printf(Locale.ROOT, "%s node behind %s: %s repaired %d ms after it was made (INFO check"
                        + " every %d ms)%n", nodeKind, proxy.kind(), drift, took, INFO_PERIOD.toMillis());
            }
            // one more INFO check at least, which must find nothing to repair
            Thread.sleep(INFO_PERIOD.multipliedBy(2).toMillis());
            if (httpd && nodeKind == NodeKind.TOMCAT) {
                // once: what httpd does to a node still marked removed does not depend on the node's kind
                long left = HTTPD_REMOVE_DELAY.toNanos() - (System.nanoTime() - nodeRemovedAt);
                Thread.sleep(Math.max(0, left / 1_000_000));
                assertTrue(awaitBothRoutable(Duration.ZERO) >= 0, () -> "the revived node outlived httpd's removal"
                        + " delay: " + proxy.nodes());
            }
            List<String> lines = driftLines(log);
            assertEquals(expected.size(), lines.size(),
                    () -> "one line per drift, expected " + expected + ": " + lines);
            for (int i = 0; i < lines.size(); i++) {
                int n = i;
                assertTrue(Pattern.compile(expected.get(i)).matcher(lines.get(i)).find(),
                        () -> "line " + n + " names the drift '" + expected.get(n) + "': " + lines);
            }
            assertEquals(List.of(), log.withId("CLAG1104"), "no MCMP error reply to the repairs");
            assertEquals(List.of(), log.withId("CLAG1205"), "no failed repair");
            assertEquals(List.of(), log.atLeast(Level.SEVERE), "no error logged by the agent or the fixtures");
            if (proxy instanceof HttpdBalancer h) {
                assertEquals(List.of(), h.errorLogLines("manager_handler"), "httpd refused no MCMP command");
            }
        }
    }

    /** Does what someone else would, on the proxy itself; asserts the proxy accepted it. */
    private void make(Drift drift) throws IOException {
        switch (drift) {
            case REMOVE_NODE -> mcmp("REMOVE-APP", "/*", "JVMRoute=a");
            case REMOVE_CONTEXT -> mcmp("REMOVE-APP", "/", "JVMRoute=a&Alias=localhost&Context=%2Fapp");
            case DISABLED_ON_PAGE -> click("DISABLE-APP");
            case STOPPED_ON_PAGE -> click("STOP-APP");
        }
    }

    /** What the one line about {@code drift} must contain (a regular expression). */
    private static String expectedLine(Drift drift, boolean httpd) {
        return switch (drift) {
            // httpd keeps the node, marked removed, without contexts; Undertow's balancer forgets it, and
            // the next STATUS reply says so, unless the INFO check of that tick was sent first
            case REMOVE_NODE -> httpd ? "node a has none of its 2 contexts \\[localhost/app, localhost/app2\\]"
                    : "does not know this node|node a is unknown";
            case DISABLED_ON_PAGE -> "context localhost/app is DISABLED, expected ENABLED";
            case STOPPED_ON_PAGE -> "context localhost/app is STOPPED, expected ENABLED";
            case REMOVE_CONTEXT -> "context localhost/app is missing \\(expected ENABLED\\)";
        };
    }

    private void mcmp(String method, String path, String body) throws IOException {
        OneShotHttp.Reply r = OneShotHttp.exchange("127.0.0.1", proxy.mcmpPort(), null, method, path, body);
        assertEquals(200, r.status(), () -> method + " " + path + ": " + r.headers() + " " + r.body());
    }

    /** Follows the manager page's link for {@code command} of a:localhost/app, as an operator clicks it. */
    private void click(String command) throws IOException {
        String pagePath = proxy instanceof HttpdBalancer ? HttpdConfig.MANAGER_PATH : "/";
        OneShotHttp.Reply page = OneShotHttp.exchange("127.0.0.1", proxy.mcmpPort(), null, "GET", pagePath, "");
        assertEquals(200, page.status(), page.body());
        List<String> links = new ArrayList<>();
        for (Matcher m = HREF.matcher(page.body()); m.find(); ) {
            String href = m.group(1).replace("&amp;", "&");
            if (href.contains("Cmd=" + command + "&Range=CONTEXT&JVMRoute=a&")
                    && href.endsWith("&Context=" + NodeServlet.APP)) {
                links.add(href);
            }
        }
        assertEquals(1, links.size(), () -> "the manager page has a " + command + " link for a" + NodeServlet.APP
                + ": " + page.body());
        String link = links.get(0);
        OneShotHttp.Reply r = OneShotHttp.exchange("127.0.0.1", proxy.mcmpPort(), null, "GET", link, "");
        assertEquals(200, r.status(), () -> link + ": " + r.body());
    }

    /**
     * Waits until the proxy routes both contexts of {@code a} and a request for {@code /app} through it
     * reaches {@code a}; the milliseconds it took, or -1 after {@code bound} (one look when zero).
     */
    private long awaitBothRoutable(Duration bound) throws InterruptedException {
        long t0 = System.nanoTime();
        do {
            boolean listed = proxy.node("a").map(n -> n.routes(NodeServlet.APP) && n.routes(APP2)).orElse(false);
            if (listed && "a".equals(routedTo(NodeServlet.APP + "/drift")) && "a".equals(routedTo(APP2 + "/drift"))) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(20);
        } while (System.nanoTime() - t0 < bound.toNanos());
        return -1;
    }

    private String routedTo(String path) {
        try {
            OneShotHttp.Reply r = OneShotHttp.exchange("127.0.0.1", proxy.proxyPort(), null, "GET", path, "");
            return r.status() == 200 ? NodeServlet.nodeOf(r.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The lines that name a drift: the INFO check's (CLAG2008) and a reply's saying the node is unknown (CLAG1106). */
    private static List<String> driftLines(CapturedLog log) {
        return log.messages().stream().filter(m -> m.startsWith("CLAG2008:") || m.startsWith("CLAG1106:")).toList();
    }
}
