package org.clusteragent.harness.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Teardown helpers for tests that start servers and write temporary files. Stateless; thread-safe.
 */
public final class Cleanup {

    private Cleanup() {
    }

    /**
     * Closes every non-null resource, in the given order, even when an earlier one fails: nodes
     * first, then the balancer they registered at, is the usual order. The first failure is thrown
     * once all were tried, later ones added to it as suppressed.
     */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Deletes an embedded Tomcat's base directory once that Tomcat is destroyed. The first Tomcat in a JVM
     * sets the system properties {@code catalina.home} and {@code catalina.base} to its base directory, and
     * every later one creates {@code catalina.home} again (mkdirs): this clears the properties that name
     * {@code baseDir} first, so the folder stays deleted.
     */
    public static void deleteTomcatBase(Path baseDir) {
        for (String property : new String[] {"catalina.home", "catalina.base"}) {
            if (baseDir.toString().equals(System.getProperty(property))) {
                System.clearProperty(property);
            }
        }
        deleteQuietly(baseDir);
    }

    /** Deletes {@code path} (a file or a whole tree) as far as it can; never throws. */
    public static void deleteQuietly(Path path) {
        // A second pass catches what Tomcat's own cleanup was still moving while the first one ran.
        for (int pass = 0; pass < 2 && Files.exists(path); pass++) {
            try (Stream<Path> paths = Files.walk(path)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // temporary files: whatever is left the OS cleans up
            }
        }
    }
}
