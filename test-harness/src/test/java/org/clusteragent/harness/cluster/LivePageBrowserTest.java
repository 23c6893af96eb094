package org.clusteragent.harness.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.clusteragent.harness.BalancerNode;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in a real browser: headless Chromium, driven through chromedriver, loads the page
 * of a running local cluster, sees three nodes with requests, clicks a node's "Add CPU load" button
 * (which must reach the demo on that node: the balancer's load factor for it falls, and the card
 * counts the load's time down), finds the charts' time axis, resets the failure counter, shows a
 * node registered at the balancer by someone else as external, saves a screenshot that is checked
 * for the page's content, then stops a node (its card explains why the balancer does not know it)
 * and sees Undeploy on that stopped node refused. Skipped, with the reason, when Chromium or
 * chromedriver is not installed (scripts/setup.sh installs both).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LivePageBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("clusteragent.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("clusteragent.chromedriver", "/usr/bin/chromedriver"));
    /** The page's first three node colours (COLORS in local-cluster.html). */
    private static final Map<String, Integer> NODE_COLOURS = Map.of(
            "tomcat-1", 0x2563eb, "tomcat-2", 0x16a34a, "undertow-1", 0xea580c);

    @TempDir
    Path tmp;

    @Test
    void pageShowsTheClusterAndItsButtonsWork() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless browser test skipped: " + CHROMIUM + " and " + CHROMEDRIVER + " are needed"
                        + " (Debian packages chromium and chromium-driver; scripts/setup.sh installs them)");
        CapturedLog log = CapturedLog.capture(); // the drains at close (CLAG2006: sessions left) are expected
        try (log; LocalCluster cluster = LocalCluster.start(ClusterSettings.builder()
                .proxyPort(0).mcmpPort(0).uiPort(0)
                .advertisePort(LocalClusterTest.freeUdpPort()).securityKey("browser-" + UUID.randomUUID())
                .tomcatNodes(2).undertowNodes(1).clients(6).sessionLife(Duration.ofSeconds(2))
                .statusInterval(Duration.ofMillis(500)).drainTimeout(Duration.ofSeconds(2))
                .war(LocalClusterTest.demoWar()).build());
             WebDriverClient browser = WebDriverClient.start(CHROMEDRIVER, CHROMIUM, tmp.resolve("profile"),
                     tmp.resolve("chromedriver.log"))) {
            browser.navigate(cluster.pageUri());
            String seen = awaitValue("three nodes with requests on the page", () -> {
                String s = browser.executeForString("const cards = [...document.querySelectorAll('.node')];"
                        + "return JSON.stringify({nodes: cards.map(c => c.dataset.node),"
                        + " requests: cards.map(c => +c.querySelector('td.requests').textContent),"
                        + " total: +document.getElementById('total-requests').textContent,"
                        + " failures: document.getElementById('failures').textContent});");
                return s != null && s.contains("\"nodes\":[\"tomcat-1\",\"tomcat-2\",\"undertow-1\"]")
                        && !s.matches(".*\"requests\":\\[[^\\]]*\\b0\\b.*") && !s.contains("\"total\":0") ? s : null;
            });
            assertTrue(seen.contains("\"failures\":\"0\""), "no failed request shown: " + seen);

            awaitValue("the Add CPU load button of tomcat-2 clicked", () -> {
                browser.click("button[data-node='tomcat-2'][data-action='cpu']"); // the page redraws each second
                return "clicked";
            });
            awaitValue("the page confirming the action", () -> {
                String text = browser.executeForString("return document.getElementById('last-action').textContent;");
                return text != null && text.contains("cpu on tomcat-2 accepted") ? text : null;
            });
            awaitValue("tomcat-2's load factor falling below the others' (the click reached the demo)", () ->
                    cluster.balancer().nodes().stream().filter(b -> !b.jvmRoute().equals("tomcat-2"))
                            .allMatch(b -> b.load() - cluster.balancer().node("tomcat-2")
                                    .map(BalancerNode::load).orElse(100) >= 20) ? "yes" : null);
            String cpu = awaitValue("tomcat-2's card counting down its CPU load", () -> browser.executeForString(
                    "const c = document.querySelector(\".node[data-node='tomcat-2'] .cpu-load\");"
                    + " return c ? c.textContent : null;"));
            assertTrue(cpu.matches("CPU load in progress: 2 threads, ([1-9]|[12][0-9]|30) s left"), cpu);

            String ticks = awaitValue("a time axis on the load chart", () -> {
                String t = browser.executeForString("return [...document.querySelectorAll('#chart-load text.x-tick')]"
                        + ".map(e => e.textContent).join('|');");
                return t != null && t.contains("−30 s") && t.startsWith("now ") ? t : null;
            });
            assertTrue(ticks.contains("−90 s"), "ticks every 30 s over the last two minutes: " + ticks);

            awaitValue("the failure counter reset", () -> {
                browser.click("#failures-reset");
                String label = browser.executeForString("return document.getElementById('failures-label').textContent;");
                return label != null && label.startsWith("failed requests since ") ? label : null;
            });

            registerExternalNode(cluster, "external-1");
            String external = awaitValue("the external node's card", () -> browser.executeForString(
                    "const c = document.querySelector(\".node[data-node='external-1']\");"
                    + " return c && c.classList.contains('external') ? c.textContent + '|buttons='"
                    + " + c.querySelectorAll('button').length : null;"));
            assertTrue(external.contains("external: registered at the balancer, not started here"), external);
            assertTrue(external.endsWith("|buttons=0"), "no buttons on a node the local cluster did not start: "
                    + external);
            Thread.sleep(2000); // two more refreshes, so the charts show the change

            byte[] png = browser.screenshot();
            Path saved = screenshotDir().resolve("local-cluster-page.png");
            Files.write(saved, png);
            checkScreenshot(png, saved);

            awaitValue("the Stop button of undertow-1 clicked", () -> {
                browser.click("button[data-node='undertow-1'][data-action='stop']");
                return "clicked";
            });
            String note = awaitValue("undertow-1 stopped, and the card saying why the balancer does not know it", () ->
                    browser.executeForString("const c = document.querySelector(\".node[data-node='undertow-1']\");"
                            + " return c && c.querySelector('.state').textContent === 'STOPPED'"
                            + " && c.textContent.includes('balancer: not registered')"
                            + " ? c.querySelector('.balancer-note').textContent : null;"));
            assertTrue(note.contains("the node is stopped"), note);
            String refused = awaitValue("Undeploy on the stopped node refused", () -> {
                browser.click("button[data-node='undertow-1'][data-action='undeploy']");
                String text = browser.executeForString("return document.getElementById('last-action').textContent;");
                return text != null && text.startsWith("refused:") ? text : null;
            });
            assertTrue(refused.contains("undeploy refused: node undertow-1 is stopped"), refused);
        }
        assertEquals(java.util.List.of(), log.errors(), "errors while the cluster ran or stopped");
    }

    /** A node the local cluster did not start: a bare CONFIG, as a Tomcat of the user's own would send first. */
    private static void registerExternalNode(LocalCluster cluster, String route) throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                                + cluster.balancer().mcmpPort() + "/"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .method("CONFIG", java.net.http.HttpRequest.BodyPublishers.ofString("JVMRoute=" + route
                                + "&Host=127.0.0.1&Port=" + closedPort + "&Type=http")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "CONFIG accepted: " + response.body());
    }

    /** The screenshot shows the page: its size, many colours, and each node's colour on cards and charts. */
    private static void checkScreenshot(byte[] png, Path saved) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image != null, "the screenshot is a PNG: " + saved);
        assertEquals(1280, image.getWidth(), "screenshot width, " + saved);
        Set<Integer> colours = new HashSet<>();
        Map<String, int[]> nodePixels = Map.of("tomcat-1", new int[1], "tomcat-2", new int[1], "undertow-1", new int[1]);
        int nonBackground = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xf6f7f9 && rgb != 0xffffff) {
                    nonBackground++;
                }
                for (Map.Entry<String, Integer> e : NODE_COLOURS.entrySet()) {
                    if (rgb == e.getValue()) {
                        nodePixels.get(e.getKey())[0]++;
                    }
                }
            }
        }
        assertTrue(colours.size() > 50, "a rendered page has many colours, this one " + colours.size() + ": " + saved);
        assertTrue(nonBackground > image.getWidth() * image.getHeight() / 50,
                "more than a blank page: " + nonBackground + " drawn pixels in " + saved);
        for (Map.Entry<String, int[]> e : nodePixels.entrySet()) {
            assertTrue(e.getValue()[0] >= 500, e.getKey() + "'s colour (card border, chart lines, share bars) covers "
                    + e.getValue()[0] + " pixels of " + saved);
        }
    }

    /** Next to the test classes: {@code <build dir>/screenshots}. */
    private static Path screenshotDir() throws Exception {
        Path testClasses = Path.of(LivePageBrowserTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = testClasses.getParent().resolve("screenshots");
        Files.createDirectories(dir);
        return dir;
    }

    private static String awaitValue(String what, Callable<String> probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        Exception last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                String value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (Exception e) {
                last = e; // e.g. a stale element while the page redraws: try again
            }
            Thread.sleep(200);
        }
        fail("timed out waiting for " + what + (last == null ? "" : "; last error: " + last.getMessage()));
        return null;
    }
}
