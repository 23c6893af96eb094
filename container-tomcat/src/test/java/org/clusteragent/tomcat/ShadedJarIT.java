package org.clusteragent.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * Checks the container-tomcat-*-tomcat-lib.jar that users copy into $CATALINA_HOME/lib. Runs after
 * {@code package} (surefire execution {@code tomcat-lib-jar-check}); the jar paths come as system
 * properties from the pom. By hand: {@code mvn -pl container-tomcat verify}.
 */
class ShadedJarIT {

    private static final List<String> BUNDLED = List.of("agent-spi", "agent-core", "load-metrics",
            "advertise-listener", "jboss-logging");

    @Test
    void holdsEveryClassOfTheBundledJarsAndNothingTomcatHas() throws IOException {
        try (JarFile shaded = new JarFile(path("clusteragent.shadedJar").toFile())) {
            Set<String> entries = names(shaded);
            assertTrue(entries.contains("org/clusteragent/tomcat/ClusterListener.class"));
            for (String artifact : BUNDLED) {
                try (JarFile input = new JarFile(path("clusteragent.jar." + artifact).toFile())) {
                    for (String name : names(input)) {
                        if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                            String expected = name.replace("org/jboss/logging/", "org/clusteragent/shaded/jboss/logging/");
                            assertTrue(entries.contains(expected), artifact + ": " + expected + " missing");
                        }
                    }
                    assertServicesMerged(input, shaded, artifact);
                }
            }
            List<String> foreign = new ArrayList<>();
            for (String name : entries) {
                if (name.endsWith(".class") && !name.startsWith("org/clusteragent/")) {
                    foreign.add(name);
                }
            }
            assertEquals(List.of(), foreign, "classes outside org.clusteragent (Tomcat, Micrometer, unrelocated jboss-logging)");
        }
    }

    private static void assertServicesMerged(JarFile input, JarFile shaded, String artifact) throws IOException {
        Enumeration<JarEntry> inputEntries = input.entries();
        while (inputEntries.hasMoreElements()) {
            JarEntry entry = inputEntries.nextElement();
            if (entry.isDirectory() || !entry.getName().startsWith("META-INF/services/")) {
                continue;
            }
            JarEntry merged = shaded.getJarEntry(entry.getName());
            assertNotNull(merged, artifact + ": " + entry.getName() + " missing");
            String mergedText = read(shaded, merged);
            for (String line : read(input, entry).split("\\R")) {
                String provider = line.replaceAll("#.*", "").trim();
                if (!provider.isEmpty()) {
                    assertTrue(mergedText.contains(provider), artifact + ": " + provider + " not in " + entry.getName());
                }
            }
        }
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        assertNotNull(value, "system property " + property + " (set by the pom)");
        Path path = Path.of(value);
        assertTrue(Files.isRegularFile(path), property + "=" + value + " is not a file");
        return path;
    }

    private static Set<String> names(JarFile jar) {
        Set<String> names = new TreeSet<>();
        jar.stream().filter(e -> !e.isDirectory()).forEach(e -> names.add(e.getName()));
        return names;
    }

    private static String read(JarFile jar, JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
