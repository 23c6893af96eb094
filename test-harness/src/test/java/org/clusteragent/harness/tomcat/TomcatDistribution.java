package org.clusteragent.harness.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.clusteragent.harness.testing.Cleanup;

/**
 * A private copy of the Tomcat distribution the build unpacked ({@code clusteragent.tomcatHome}),
 * set up as docs/tomcat.md tells a user: the tomcat-lib jar ({@code clusteragent.tomcatLibJar}) in
 * {@code lib/}, the bundled web applications gone, the {@code <Listener>} in {@code conf/server.xml}
 * with the given attributes, the given attributes on the {@code <Host>}, HTTP on 127.0.0.1 at a free
 * port. Started and stopped with {@code bin/catalina.sh}; wars are dropped into and removed from
 * {@code webapps/} as a user would (a war appears there whole: it is written beside and moved in).
 * {@link #close()} kills the process if it still runs and deletes the copy. One test thread drives it.
 */
final class TomcatDistribution implements AutoCloseable {

    static final Duration BOUND = Duration.ofSeconds(60);

    private final Path base;
    private final Path tomcat;
    private final int httpPort;
    private long pid = -1;

    private TomcatDistribution(Path base, int httpPort) {
        this.base = base;
        this.tomcat = base.resolve("tomcat");
        this.httpPort = httpPort;
    }

    /** Copies the distribution and installs the agent; nothing runs yet. */
    static TomcatDistribution prepare(String prefix, Map<String, String> listenerAttributes,
                                      Map<String, String> hostAttributes) throws Exception {
        Path home = Path.of(required("clusteragent.tomcatHome"));
        Path libJar = Path.of(required("clusteragent.tomcatLibJar"));
        if (!Files.isRegularFile(home.resolve("bin/catalina.sh")) || !Files.isRegularFile(libJar)) {
            throw new IllegalStateException(home + " is no unpacked Tomcat, or " + libJar + " is missing (mvn package)");
        }
        TomcatDistribution d = new TomcatDistribution(Files.createTempDirectory(prefix), freePort());
        try {
            copyTree(home, d.tomcat);
            try (Stream<Path> scripts = Files.list(d.tomcat.resolve("bin"))) {
                scripts.filter(p -> p.toString().endsWith(".sh")).forEach(p -> p.toFile().setExecutable(true));
            }
            Files.copy(libJar, d.tomcat.resolve("lib").resolve(libJar.getFileName()));
            try (Stream<Path> apps = Files.list(d.tomcat.resolve("webapps"))) {
                apps.forEach(Cleanup::deleteQuietly);
            }
            ServerXml.edit(d.tomcat.resolve("conf/server.xml"), freePort(), d.httpPort,
                    "org.clusteragent.tomcat.ClusterListener", listenerAttributes, hostAttributes);
            return d;
        } catch (Exception | Error e) {
            d.close();
            throw e;
        }
    }

    int httpPort() {
        return httpPort;
    }

    /** {@code catalina.sh start}, then waits for Tomcat's "Server startup in" line. */
    void start() throws Exception {
        run("start");
        pid = Long.parseLong(Files.readString(tomcat.resolve("catalina.pid")).trim());
        awaitLog("Server startup in", BOUND);
    }

    /** {@code catalina.sh stop}, then waits until the process has exited. */
    void stop() throws Exception {
        run("stop");
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(BOUND.toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(e -> p).join());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new AssertionError("Tomcat (pid " + pid + ") still runs " + BOUND + " after catalina.sh stop");
            }
        }
    }

    /**
     * Drops a copy of demo.war into {@code webapps/} as {@code name} (e.g. {@code demo##2.war}), with
     * {@code extra} entries (path → text) added, e.g. a {@code version.txt} or a META-INF/context.xml.
     */
    void deployDemoWar(String name, Map<String, String> extra) throws IOException {
        Path staged = base.resolve(name);
        try (InputStream in = Files.newInputStream(DemoWarTomcat.demoWar()); ZipInputStream zin = new ZipInputStream(in);
             OutputStream out = Files.newOutputStream(staged); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                if (extra.containsKey(e.getName())) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zin.transferTo(zip);
                zip.closeEntry();
            }
            for (Map.Entry<String, String> e : extra.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        Files.move(staged, tomcat.resolve("webapps").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Drops a war made of {@code entries} (path → text) into {@code webapps/} as {@code name}. */
    void deployWar(String name, Map<String, String> entries) throws IOException {
        Path staged = base.resolve(name);
        try (OutputStream out = Files.newOutputStream(staged); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        Files.move(staged, tomcat.resolve("webapps").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The Tomcat process's id once started, else -1. */
    long pid() {
        return pid;
    }

    /** Removes {@code webapps/<name>}, as a user undeploys with autoDeploy on. */
    void removeWar(String name) throws IOException {
        Files.delete(tomcat.resolve("webapps").resolve(name));
    }

    /** Copies a compiled class of the tests into {@code lib/} (Tomcat's common loader reads class files there too). */
    void installClass(Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        Path target = tomcat.resolve("lib").resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no class file " + resource + " for " + type);
            }
            Files.copy(in, target);
        }
    }

    /** {@code logs/catalina.out} as it is now. */
    String log() {
        try {
            return Files.readString(tomcat.resolve("logs/catalina.out"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until catalina.out contains {@code text}; fails with the log's tail after {@code bound}. */
    void awaitLog(String text, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!log().contains(text)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("catalina.out has no \"" + text + "\" after " + bound + "; its tail:\n" + tail());
            }
            Thread.sleep(50);
        }
    }

    /** The last 8000 characters of catalina.out, for failure messages. */
    String tail() {
        String text = log();
        return text.substring(Math.max(0, text.length() - 8000));
    }

    @Override
    public void close() {
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
            });
        }
        Cleanup.deleteQuietly(base);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run this test"
                    + " with Maven (mvn verify in test-harness), which unpacks Tomcat and sets it");
        }
        return value;
    }

    private void run(String command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tomcat.resolve("bin/catalina.sh").toString(), command));
        Path output = base.resolve("catalina-" + command + ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tomcat.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CATALINA_") || k.equals("JAVA_OPTS") || k.equals("JRE_HOME"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CATALINA_HOME", tomcat.toString());
        env.put("CATALINA_BASE", tomcat.toString());
        env.put("CATALINA_PID", tomcat.resolve("catalina.pid").toString());
        env.put("CATALINA_OPTS", "-Xmx256m -Djava.net.preferIPv4Stack=true");
        Process process = pb.start();
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("catalina.sh " + command + " did not return within " + BOUND);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("catalina.sh " + command + " exited " + process.exitValue() + ": " + Files.readString(output));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
