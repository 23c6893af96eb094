package org.clusteragent.harness.httpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.clusteragent.harness.HttpdBalancer;
import org.clusteragent.harness.testing.RequiresHttpd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real-httpd fixture itself, spoken to by hand over MCMP (no agent): it starts on free loopback
 * ports, each kind of restart behaves as the real httpd does (graceful keeps the id and forgets nodes,
 * SIGHUP and crash/start change the id), and close leaves no process and no folder.
 */
@RequiresHttpd
@Timeout(120)
class HttpdBalancerTest {

    private static final Pattern ID = Pattern.compile("&id=(\\d+)");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpdBalancer httpd;

    @BeforeEach
    void start() {
        httpd = HttpdBalancer.startDefault();
    }

    @AfterEach
    void close() {
        if (httpd != null) {
            httpd.close();
        }
    }

    private HttpResponse<String> mcmp(String method, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpd.mcmpPort() + "/"))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** CONFIG + ENABLE-APP of a node pointing at a closed port (nothing is proxied here), and its PING's id. */
    private String register(String route) throws Exception {
        assertEquals(200, mcmp("CONFIG", "JVMRoute=" + route + "&Host=127.0.0.1&Port=9&Type=http").statusCode());
        assertEquals(200, mcmp("ENABLE-APP", "JVMRoute=" + route + "&Alias=localhost&Context=%2Fapp").statusCode());
        return idOf(mcmp("PING", "").body());
    }

    private static String idOf(String reply) {
        Matcher m = ID.matcher(reply);
        assertTrue(m.find(), reply);
        return m.group(1);
    }

    private boolean knows(String route) {
        return httpd.node(route).isPresent();
    }

    @Test
    void startsOnLoopbackAndEachRestartBehavesAsHttpdDoes() throws Exception {
        assertTrue(httpd.isRunning());
        assertEquals("", httpd.info().trim(), "a new httpd knows no node");
        assertTrue(httpd.managerPage().contains("mod_proxy_cluster/"), httpd.managerPage());
        String id = register("n1");
        assertTrue(knows("n1"), httpd.info());
        assertEquals(List.of("/app"), httpd.node("n1").orElseThrow().contexts().stream()
                .map(c -> c.path()).toList());
        assertTrue(httpd.dump().contains("JVMRoute: n1"), httpd.dump());
        assertTrue(httpd.managerPage().contains("n1"), httpd.managerPage());

        httpd.gracefulRestart();
        assertFalse(knows("n1"), "a graceful restart forgets every node: " + httpd.info());
        assertEquals(id, register("n1"), "and keeps its id");

        httpd.hupRestart();
        assertFalse(knows("n1"), httpd.info());
        String afterHup = register("n1");
        assertNotEquals(id, afterHup, "SIGHUP gives a new id");

        int mcmpPort = httpd.mcmpPort();
        long pid = httpd.pid();
        httpd.crash();
        assertFalse(httpd.isRunning());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "SIGKILL ended httpd");
        httpd.start();
        assertEquals(mcmpPort, httpd.mcmpPort(), "back on the same ports");
        assertFalse(knows("n1"), httpd.info());
        assertNotEquals(afterHup, register("n1"), "a new process, a new id");

        httpd.restart();
        assertFalse(knows("n1"), httpd.info());
        assertEquals(3, httpd.starts(), "start, start after the crash, restart");
        assertEquals(1, httpd.errorLogLines("SIGUSR1").size(), httpd.errorLog().toString());
        assertEquals(1, httpd.errorLogLines("SIGHUP").size(), httpd.errorLog().toString());
    }

    @Test
    void closeLeavesNoProcessAndNoFolder() {
        long pid = httpd.pid();
        List<ProcessHandle> children = ProcessHandle.of(pid).orElseThrow().descendants().toList();
        assertFalse(children.isEmpty(), "httpd runs children");
        Path root = httpd.root();
        httpd.close();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        children.forEach(c -> assertFalse(c.isAlive(), "child " + c.pid() + " ended"));
        assertFalse(Files.exists(root), root + " deleted");
        httpd = null;
    }

    @Test
    void anUnknownCommandNamesTheProblem() throws Exception {
        HttpResponse<String> status = mcmp("STATUS", "JVMRoute=nobody&Load=50");
        assertEquals(500, status.statusCode());
        assertEquals("MEM", status.headers().firstValue("Type").orElse(""), status.headers().map().toString());
    }
}
