package org.clusteragent.harness.cluster;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.servlet.ServletContainerInitializer;

/**
 * What a container without a war deployer (embedded Undertow) needs from a war: the war unpacked
 * to a directory, a class loader over its {@code WEB-INF/classes} and {@code WEB-INF/lib} jars, and
 * the war's own {@link ServletContainerInitializer}s (found like Tomcat finds them, through
 * {@code META-INF/services}). Stateless.
 */
final class WarFiles {

    private WarFiles() {
    }

    /** Unpacks {@code war} into {@code dir} (created), refusing entries that would land outside it. */
    static void unpack(Path war, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path root = dir.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException(war + ": entry " + e.getName() + " points outside the war; refusing it");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A new class loader over the unpacked war's classes and jars, child of {@code parent}. */
    static URLClassLoader classLoader(Path unpacked, String name, ClassLoader parent) throws IOException {
        List<URL> urls = new ArrayList<>();
        Path classes = unpacked.resolve("WEB-INF/classes");
        if (Files.isDirectory(classes)) {
            urls.add(classes.toUri().toURL());
        }
        Path lib = unpacked.resolve("WEB-INF/lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            }
        }
        return new URLClassLoader(name, urls.toArray(URL[]::new), parent);
    }

    /** The initializers the war itself declares (not those its parent loader can see). */
    static List<ServletContainerInitializer> initializers(ClassLoader warLoader) {
        List<ServletContainerInitializer> found = new ArrayList<>();
        for (ServletContainerInitializer sci : ServiceLoader.load(ServletContainerInitializer.class, warLoader)) {
            if (sci.getClass().getClassLoader() == warLoader) {
                found.add(sci);
            }
        }
        return found;
    }
}
