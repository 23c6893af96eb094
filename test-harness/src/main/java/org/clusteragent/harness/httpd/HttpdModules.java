package org.clusteragent.harness.httpd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.clusteragent.harness.cluster.TempFiles;

/**
 * The mod_proxy_cluster modules (mod_manager, mod_proxy_cluster, mod_advertise, mod_lbmethod_cluster)
 * built with {@code apxs} from one source tarball, once per tarball content: they go to
 * {@code <buildRoot>/<first 16 hex digits of the tarball's SHA-256>/modules/} and are reused from there
 * by every later test run, JVM or benchmark. Two JVMs building at once take turns on a file lock in
 * the build root. Thread-safe; one instance per build directory per JVM is cached by {@link #of}.
 *
 * @param dir         the build directory of this tarball (absolute)
 * @param modules     the absolute folder holding the four {@code .so} files
 * @param httpdModules Debian's (or the installed httpd's) module folder, {@code apxs -q LIBEXECDIR}
 * @param httpd       the httpd binary, from {@code apxs -q SBINDIR} and {@code TARGET}
 */
public record HttpdModules(Path dir, Path modules, Path httpdModules, Path httpd) {

    /** The four modules, as (module name in LoadModule, folder in native/, .so name). */
    static final List<String[]> BUILT = List.of(
            new String[] {"manager_module", "mod_manager", "mod_manager.so"},
            new String[] {"proxy_cluster_module", "mod_proxy_cluster", "mod_proxy_cluster.so"},
            new String[] {"advertise_module", "advertise", "mod_advertise.so"},
            new String[] {"lbmethod_cluster_module", "balancers", "mod_lbmethod_cluster.so"});

    private static final Map<Path, HttpdModules> BUILDS = new ConcurrentHashMap<>();
    private static final String DONE = "built.ok";

    /** The absolute path of one built module's {@code .so}, by its file name. */
    public Path module(String soName) {
        return modules.resolve(soName);
    }

    /**
     * The modules of {@code tarball}, built into {@code buildRoot} unless already there.
     *
     * @throws IllegalStateException when apxs or the build fails, with the end of the build log
     */
    public static HttpdModules of(Path tarball, Path buildRoot, HttpdTools tools) {
        Path root = buildRoot.toAbsolutePath().normalize();
        Path dir = root.resolve(sha256(tarball).substring(0, 16));
        return BUILDS.computeIfAbsent(dir, d -> build(tarball.toAbsolutePath(), root, d, tools));
    }

    private static HttpdModules build(Path tarball, Path root, Path dir, HttpdTools tools) {
        HttpdModules result = new HttpdModules(dir, dir.resolve("modules"), tools.libexecDir(), tools.httpd());
        try {
            Files.createDirectories(root);
            try (FileChannel lockFile = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                if (Files.exists(dir.resolve(DONE))) {
                    return result;
                }
                compile(tarball, dir, tools.apxs());
                Files.writeString(dir.resolve(DONE), tarball + "\n");
                return result;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("building mod_proxy_cluster from " + tarball + " into " + dir
                    + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building mod_proxy_cluster into " + dir, e);
        }
    }

    private static void compile(Path tarball, Path dir, Path apxs) throws IOException, InterruptedException {
        TempFiles.deleteQuietly(dir);
        Path src = Files.createDirectories(dir.resolve("src"));
        Path log = dir.resolve("build.log");
        run(List.of("tar", "-xzf", tarball.toString(), "-C", src.toString()), src, log);
        Path nativeDir;
        try (var entries = Files.list(src)) {
            nativeDir = entries.map(p -> p.resolve("native")).filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException(tarball + " holds no <top>/native folder"));
        }
        String apx = apxs.toString();
        String inc = "-I../include";
        run(List.of(apx, "-c", inc, "-o", "mod_manager.la", "mod_manager.c", "node.c", "context.c", "host.c",
                "balancer.c", "sessionid.c", "domain.c", "../common/common.c"), nativeDir.resolve("mod_manager"), log);
        run(List.of(apx, "-c", inc, "-o", "mod_proxy_cluster.la", "mod_proxy_cluster.c", "../common/common.c"),
                nativeDir.resolve("mod_proxy_cluster"), log);
        run(List.of(apx, "-c", inc, "-o", "mod_advertise.la", "mod_advertise.c"), nativeDir.resolve("advertise"), log);
        run(List.of(apx, "-c", inc, "-o", "mod_lbmethod_cluster.la", "mod_lbmethod_cluster.c", "../common/common.c"),
                nativeDir.resolve("balancers"), log);
        Path modules = Files.createDirectories(dir.resolve("modules"));
        for (String[] m : BUILT) {
            Files.copy(nativeDir.resolve(m[1]).resolve(".libs").resolve(m[2]), modules.resolve(m[2]),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        TempFiles.deleteQuietly(src);
    }

    /** Runs one build step, appending its output to {@code log}; fails with the log's tail. */
    private static void run(List<String> command, Path cwd, Path log) throws IOException, InterruptedException {
        Files.writeString(log, "$ (cd " + cwd + " && " + String.join(" ", command) + ")\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " took more than 120 s in " + cwd + "; see " + log);
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IOException(String.join(" ", command) + " in " + cwd + " exited with " + p.exitValue()
                    + "; end of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15),
                    lines.size())));
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
