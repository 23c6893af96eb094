package org.clusteragent.undertow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.spi.testing.AttributeReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/undertow.md's complete example ({@code example.EmbeddedNode}) is the file the suite compiles,
 * and it runs: in its own JVM it registers with a proxy, serves, and on SIGTERM its shutdown hook
 * drains the node and takes it off the proxy, saying so on stderr although the JDK's logging has
 * shut down by then.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedNodeExampleTest {

    private static final String SOURCE = "container-undertow/src/test/java/example/EmbeddedNode.java";

    @Test
    void theDocShowsTheTestedFileWordForWord() throws Exception {
        Path root = AttributeReference.projectRoot();
        String doc = Files.readString(root.resolve("docs/undertow.md"));
        Matcher m = Pattern.compile("<!-- source: " + Pattern.quote(SOURCE) + " -->\\s*```java\\n(.*?)```",
                Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/undertow.md has a ```java block after <!-- source: " + SOURCE + " -->");
        assertEquals(Files.readString(root.resolve(SOURCE)), m.group(1),
                "the example in docs/undertow.md must be " + SOURCE + " exactly: copy the file into the doc");
    }

    @Test
    void theExampleServesAndLeavesTheProxyVisiblyOnSigterm() throws Exception {
        try (FakeProxy proxy = FakeProxy.start()) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                port = s.getLocalPort();
            }
            Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    "-cp", System.getProperty("java.class.path"), "example.EmbeddedNode",
                    proxy.host() + ":" + proxy.port(), "example-1", Integer.toString(port)).start();
            List<Thread> readers = new java.util.ArrayList<>();
            ByteArrayOutputStream out = collect(node.getInputStream(), readers);
            ByteArrayOutputStream err = collect(node.getErrorStream(), readers);
            try {
                assertTrue(proxy.awaitRequest(r -> r.method().equals("ENABLE-APP"), Duration.ofSeconds(60)) != null,
                        "the example registers /shop; stderr: " + err);
                HttpResponse<String> hello = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/shop/hello")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, hello.statusCode());
                assertTrue(hello.body().startsWith("hello from ") && hello.body().endsWith(".example-1"), hello.body());

                // SIGTERM, as a process manager stops a service: the JVM runs its shutdown hooks.
                new ProcessBuilder("kill", "-TERM", Long.toString(node.pid())).inheritIO().start().waitFor();
                assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the example exits after its drain; stderr: " + err);
            } finally {
                node.destroyForcibly();
                for (Thread reader : readers) {
                    reader.join(10_000); // the last lines, written just before the exit
                }
            }
            assertTrue(proxy.awaitRequest(r -> r.method().equals("REMOVE-APP") && r.path().endsWith("/*"),
                    Duration.ofSeconds(10)) != null, "the hook took the node off the proxy");
            List<String> lines = err.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("CLAG710")).toList();
            assertEquals(2, lines.size(), "the stop says what it does on stderr (exit " + node.exitValue() + ", stdout "
                    + out + "): " + err);
            assertTrue(lines.get(0).startsWith("CLAG7100: clusteragent: the JVM is shutting down; node example-1"
                    + " drains (at most 5 seconds per context"), lines.get(0));
            assertTrue(lines.get(1).matches("CLAG7101: clusteragent: node example-1 left the proxies and stopped"
                    + " in \\d+ ms"), lines.get(1));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("as example-1"), out.toString());
        }
    }

    private static ByteArrayOutputStream collect(InputStream in, List<Thread> readers) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream() {
            @Override
            public synchronized String toString() {
                return toString(StandardCharsets.UTF_8);
            }
        };
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(buffer);
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "example-output");
        t.setDaemon(true);
        t.start();
        readers.add(t);
        return buffer;
    }
}
