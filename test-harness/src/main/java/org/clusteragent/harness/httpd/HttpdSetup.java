package org.clusteragent.harness.httpd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the real-httpd fixture gets what it runs, and whether it can: the mod_proxy_cluster source
 * tarball (system property {@value #SOURCE}, a {@code mod_proxy_cluster-*.tar.gz} file or a folder
 * holding one; by default {@code ../shared/vendor} beside the project root), the folder its modules
 * are built into (system property {@value #BUILD_DIR}, by default {@code test-harness/target/httpd-modules}),
 * and the installed httpd tools ({@link HttpdTools}). Immutable.
 *
 * @param tarball  the source tarball
 * @param buildDir where modules are built, one sub-folder per tarball content
 * @param tools    apxs, httpd and httpd's module folder
 */
public record HttpdSetup(Path tarball, Path buildDir, HttpdTools tools) {

    /** System property: the mod_proxy_cluster source tarball, or a folder holding one. */
    public static final String SOURCE = "clusteragent.httpd.source";
    /** System property: where the modules are built (reused across runs). */
    public static final String BUILD_DIR = "clusteragent.httpd.buildDir";
    /** System property the build sets: the project's root folder (the parent pom's). */
    public static final String PROJECT_ROOT = "clusteragent.projectRoot";

    /** How to enable the httpd tests, in one line, for skip and failure messages. */
    public static final String HOW_TO_ENABLE = "install apache2 and apache2-dev (scripts/setup.sh does, as root) and"
            + " give -D" + SOURCE + "=<mod_proxy_cluster-*.tar.gz or its folder>";

    /** The setup found on this machine, or empty; {@link #problem()} then says what is missing. */
    public static Optional<HttpdSetup> find() {
        return problem().isPresent() ? Optional.empty()
                : Optional.of(new HttpdSetup(findTarball().orElseThrow(), configuredBuildDir(), HttpdTools.find().orElseThrow()));
    }

    /** Why the httpd fixture cannot run here, in one line, or empty when it can. */
    public static Optional<String> problem() {
        Optional<String> tools = HttpdTools.problem();
        if (tools.isPresent()) {
            return tools;
        }
        if (findTarball().isEmpty()) {
            return Optional.of("no mod_proxy_cluster-*.tar.gz at " + sourceSetting() + " (" + SOURCE + ")");
        }
        return Optional.empty();
    }

    /** Builds the modules (once per tarball content; seconds) and returns them. */
    public HttpdModules modules() {
        return HttpdModules.of(tarball, buildDir, tools);
    }

    static Path sourceSetting() {
        String property = System.getProperty(SOURCE);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        return projectRoot().resolve("../shared/vendor").normalize();
    }

    static Optional<Path> findTarball() {
        Path source = sourceSetting();
        if (Files.isRegularFile(source)) {
            return Optional.of(source);
        }
        if (!Files.isDirectory(source)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(source)) {
            // several versions side by side: the last by name, i.e. usually the newest
            List<Path> found = files.filter(p -> p.getFileName().toString().matches("mod_proxy_cluster-.*\\.tar\\.gz"))
                    .sorted().toList();
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Path configuredBuildDir() {
        String property = System.getProperty(BUILD_DIR);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        return projectRoot().resolve("test-harness/target/httpd-modules");
    }

    /** The build's project root, or the nearest folder upwards from the working directory holding test-harness/. */
    static Path projectRoot() {
        String property = System.getProperty(PROJECT_ROOT);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("test-harness")) && Files.isRegularFile(d.resolve("pom.xml"))) {
                return d;
            }
        }
        return dir;
    }
}
