package org.clusteragent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.clusteragent.boot.app.TestApp;
import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.loader.tools.Library;
import org.springframework.boot.loader.tools.LibraryScope;
import org.springframework.boot.loader.tools.Repackager;

/**
 * The test application packaged as a Spring Boot executable jar (by {@link Repackager}, the code
 * behind spring-boot-maven-plugin's {@code repackage} goal), started with {@code java -jar} and
 * configured only by environment variables: it registers at Undertow's real balancer, serves
 * through it, and leaves it on SIGTERM (Boot's shutdown hook closes the context, the agent drains).
 */
class ExecutableJarTest {

    private static final Path WORK = Paths.get("target", "executable-jar");

    @Test
    void javaDashJarRegistersFromEnvironmentVariablesAndLeavesOnSigterm() throws Exception {
        Path jar = buildExecutableJar();
        Path log = WORK.resolve("app.log");
        try (UndertowBalancer balancer = UndertowBalancer.builder().start()) {
            ProcessBuilder command = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toAbsolutePath().toString(), "--server.port=0", "--server.address=127.0.0.1")
                    .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            command.environment().put("CLUSTERAGENT_PROXYLIST", "127.0.0.1:" + balancer.mcmpPort());
            command.environment().put("CLUSTERAGENT_JVMROUTE", "boot-jar");
            command.environment().put("CLUSTERAGENT_ADVERTISE", "false");
            Process app = command.start();
            try {
                assertTrue(balancer.awaitNode("boot-jar", n -> n.routes("/"), Duration.ofSeconds(60)).isPresent(),
                        () -> "boot-jar routable: " + balancer.nodes() + "\n" + read(log));
                HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        balancer.proxyUri("/hello")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, reply.statusCode());
                assertEquals("boot-jar", reply.body());

                app.destroy();
                assertTrue(app.waitFor(30, TimeUnit.SECONDS), "the application exits on SIGTERM");
                assertTrue(balancer.node("boot-jar").isEmpty(), () -> "boot-jar left: " + balancer.nodes());
                String out = read(log);
                assertTrue(out.contains("CLAG2005: drained boot-jar") && out.contains("CLAG9003"), out);
            } finally {
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** target/test-classes as the application, every jar of the test class path as its libraries. */
    private static Path buildExecutableJar() throws IOException {
        Files.createDirectories(WORK);
        Path jar = WORK.resolve("test-app.jar");
        List<File> libraries = new ArrayList<>();
        Path appClasses = null;
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int n = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Paths.get(entry);
            if (Files.isDirectory(path) && path.endsWith("test-classes")) {
                appClasses = path;
            } else if (Files.isDirectory(path)) {
                Path lib = WORK.resolve("classes-" + (n++) + ".jar");
                zip(path, lib);
                libraries.add(lib.toFile());
            } else if (entry.endsWith(".jar") && !entry.contains("surefire")) {
                libraries.add(path.toFile());
            }
        }
        zip(appClasses, jar);
        Repackager repackager = new Repackager(jar.toFile());
        repackager.setMainClass(TestApp.class.getName());
        repackager.setBackupSource(false);
        repackager.repackage(callback -> {
            for (File library : libraries) {
                callback.library(new Library(library, LibraryScope.COMPILE));
            }
        });
        return jar;
    }

    private static void zip(Path directory, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                zip.putNextEntry(new JarEntry(directory.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
