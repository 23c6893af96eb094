package org.clusteragent.tomcat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat bound to 127.0.0.1 on an ephemeral port, with helpers to deploy small
 * servlets and to send real HTTP requests. Stops and destroys itself on close.
 */
final class TomcatFixture implements AutoCloseable {

    final Tomcat tomcat = new Tomcat();
    final Path baseDir;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Requests to {@code /slow} wait on this latch. */
    final CountDownLatch slowRelease = new CountDownLatch(1);

    TomcatFixture() throws IOException {
        baseDir = Files.createTempDirectory("clusteragent-tomcat");
        tomcat.setBaseDir(baseDir.toString());
        // Tomcat keeps the JVM's first embedded instance's base as catalina.home and creates it again,
        // empty, for every later instance (one stray folder in the temp dir): each fixture owns it instead.
        System.setProperty("catalina.home", baseDir.toString());
        tomcat.setHostname("localhost");
        Connector http = new Connector();
        http.setPort(0);
        http.setProperty("address", "127.0.0.1");
        tomcat.setConnector(http);
        tomcat.getHost().setAppBase(baseDir.toString());
        tomcat.getHost().setAutoDeploy(false);
    }

    /** Deploys a context with a servlet answering {@code ok <path>} on /*, and /slow, /session. */
    Context deploy(String path) {
        File docBase = baseDir.resolve("doc" + path.replace('/', '_')).toFile();
        docBase.mkdirs();
        Context context = tomcat.addContext(path, docBase.getAbsolutePath());
        Tomcat.addServlet(context, "ok", new OkServlet());
        context.addServletMappingDecoded("/*", "ok");
        Tomcat.addServlet(context, "slow", new SlowServlet(slowRelease));
        context.addServletMappingDecoded("/slow", "slow");
        return context;
    }

    void start() throws LifecycleException {
        tomcat.start();
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for a condition with a generous bound; the test fails if it never holds. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws LifecycleException {
        slowRelease.countDown();
        try {
            if (tomcat.getServer().getState() != LifecycleState.DESTROYED) {
                if (tomcat.getServer().getState().isAvailable()) {
                    tomcat.stop();
                }
                tomcat.destroy();
            }
        } finally {
            deleteTree(baseDir);
        }
    }

    /** Removes the fixture's base directory (work dirs, doc bases); a file that will not go stays. */
    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // already gone, or unreadable: the build's temp-dir check names what is left
        }
    }

    static final class OkServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getParameter("session") != null) {
                req.getSession(true);
            }
            req.getInputStream().readAllBytes();
            resp.setContentType("text/plain");
            resp.getWriter().print("ok " + req.getContextPath());
        }
    }

    static final class SlowServlet extends HttpServlet {
        private final transient CountDownLatch release;

        SlowServlet(CountDownLatch release) {
            this.release = release;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resp.getWriter().print("slow done");
        }
    }
}
