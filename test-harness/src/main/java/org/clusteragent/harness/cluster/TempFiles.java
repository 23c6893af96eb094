package org.clusteragent.harness.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the local cluster's temporary directories; a file that cannot be removed is left behind. */
public final class TempFiles {

    private TempFiles() {
    }

    /**
     * Makes {@code baseDir} the {@code catalina.home} of the embedded Tomcat about to be set up on it; call
     * it before the Tomcat's first {@code getServer()}. Tomcat otherwise keeps the first embedded instance's
     * base as the JVM's catalina.home and creates that directory again, empty, for each later instance,
     * long after the first one deleted it: one stray folder in the temp dir per JVM.
     */
    public static void ownCatalinaHome(Path baseDir) {
        System.setProperty("catalina.home", baseDir.toString());
    }

    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover temp directory harms nobody
        }
    }
}
