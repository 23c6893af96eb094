package org.clusteragent.harness.httpd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The installed httpd development tools the fixture needs: {@code apxs} (Debian package
 * {@code apache2-dev}) and the httpd binary and module folder it reports (package {@code apache2}).
 * Immutable.
 *
 * @param apxs       the apxs binary
 * @param httpd      the httpd binary ({@code apxs -q SBINDIR}/{@code apxs -q TARGET}, {@code /usr/sbin/apache2} on Debian)
 * @param libexecDir the folder of httpd's own modules ({@code apxs -q LIBEXECDIR})
 */
public record HttpdTools(Path apxs, Path httpd, Path libexecDir) {

    /**
     * Finds apxs on the PATH (or as {@code apxs2}) and asks it where httpd lives.
     *
     * @return the tools, or empty with nothing found; {@link #problem()} says what is missing
     */
    public static Optional<HttpdTools> find() {
        return Optional.ofNullable(findOrWhy().tools);
    }

    /** What is missing, in one phrase, or empty when the tools are all there. */
    public static Optional<String> problem() {
        return Optional.ofNullable(findOrWhy().problem);
    }

    private record Found(HttpdTools tools, String problem) {
    }

    private static Found found;

    private static synchronized Found findOrWhy() {
        if (found == null) {
            found = search();
        }
        return found;
    }

    private static Found search() {
        Optional<Path> apxs = onPath("apxs").or(() -> onPath("apxs2"));
        if (apxs.isEmpty()) {
            return new Found(null, "no apxs on the PATH (Debian: apt-get install apache2 apache2-dev)");
        }
        try {
            Path libexec = Path.of(query(apxs.get(), "LIBEXECDIR"));
            Path httpd = Path.of(query(apxs.get(), "SBINDIR"), query(apxs.get(), "TARGET"));
            if (!Files.isExecutable(httpd)) {
                return new Found(null, "apxs names " + httpd + " as httpd but it is not there"
                        + " (Debian: apt-get install apache2)");
            }
            if (!Files.isRegularFile(libexec.resolve("mod_proxy.so"))) {
                return new Found(null, "no mod_proxy.so in " + libexec + " (Debian: apt-get install apache2)");
            }
            return new Found(new HttpdTools(apxs.get(), httpd, libexec), null);
        } catch (IOException e) {
            return new Found(null, "apxs at " + apxs.get() + " does not answer: " + e.getMessage());
        }
    }

    private static String query(Path apxs, String variable) throws IOException {
        Process p = new ProcessBuilder(List.of(apxs.toString(), "-q", variable)).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("apxs -q " + variable + " took more than 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0 || out.isEmpty()) {
            throw new IOException("apxs -q " + variable + " answered '" + out + "' (exit " + p.exitValue() + ")");
        }
        return out;
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
