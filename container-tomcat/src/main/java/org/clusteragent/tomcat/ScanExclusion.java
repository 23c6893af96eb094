package org.clusteragent.tomcat;

import java.net.URL;
import java.security.CodeSource;

import org.apache.catalina.Context;
import org.apache.tomcat.JarScanFilter;
import org.apache.tomcat.JarScanType;
import org.apache.tomcat.JarScanner;
import org.apache.tomcat.util.scan.StandardJarScanFilter;

/**
 * Keeps Tomcat's JarScanner out of the agent's own jar. Every web application Tomcat deploys scans
 * the jars of its parent class loaders, {@code $CATALINA_HOME/lib} included, for TLDs, web
 * fragments and ServletContainerInitializers; the agent's jar holds none of them, but with the
 * libraries shaded into it its scan cost every deployment about 2 ms. Once, when the agent is
 * initialised, the jar's file name is appended to the system property
 * {@value #SKIP_PROPERTY} (the property {@code catalina.properties} sets): Tomcat's
 * {@link StandardJarScanFilter} reads it once, when its class is initialised, and every filter made
 * afterwards skips the jar at no cost per context. When the filter class had been initialised
 * before (an embedded Tomcat that made a context first), the jar is instead added to the TLD and
 * pluggability skip lists of each context's standard filter before the context starts, which costs
 * a re-parse of both lists per context. A context whose own {@code <JarScanFilter>} replaces the
 * skip lists, or whose scanner or filter is of another kind, scans the jar as before; an agent not
 * loaded from a jar (tests, IDE) changes nothing. Thread-safe.
 */
final class ScanExclusion {

    static final String SKIP_PROPERTY = "tomcat.util.scan.StandardJarScanFilter.jarsToSkip";
    private static final String JAR = ownJarName();
    private static volatile boolean skippedByDefault;

    private ScanExclusion() {
    }

    /** Makes new standard filters skip the agent's jar; see the class Javadoc. */
    static void skipByDefault() {
        if (skipByDefault(JAR)) {
            skippedByDefault = true;
        }
    }

    /**
     * Appends {@code jarName} to {@value #SKIP_PROPERTY} and tells whether a standard filter made
     * now skips it (false when the filter's class had read the property before, or no jar).
     */
    static synchronized boolean skipByDefault(String jarName) {
        if (jarName == null) {
            return false;
        }
        String current = System.getProperty(SKIP_PROPERTY);
        String next = append(current, jarName);
        if (!next.equals(current)) {
            System.setProperty(SKIP_PROPERTY, next);
        }
        StandardJarScanFilter probe = new StandardJarScanFilter();
        return !probe.check(JarScanType.TLD, jarName) && !probe.check(JarScanType.PLUGGABILITY, jarName);
    }

    /** The file name of the jar this class was loaded from, or null when it is not a jar. */
    static String ownJarName() {
        CodeSource source = ScanExclusion.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return null;
        }
        String path = location.getPath();
        if (!path.endsWith(".jar")) {
            return null;
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Adds the agent's jar to {@code context}'s skip lists, unless new filters skip it by default;
     * call before the context starts.
     */
    static void apply(Context context) {
        if (!skippedByDefault) {
            apply(context, JAR);
        }
    }

    static void apply(Context context, String jarName) {
        if (jarName == null) {
            return;
        }
        JarScanner scanner = context.getJarScanner();
        JarScanFilter filter = scanner == null ? null : scanner.getJarScanFilter();
        if (filter instanceof StandardJarScanFilter standard) {
            standard.setTldSkip(append(standard.getTldSkip(), jarName));
            standard.setPluggabilitySkip(append(standard.getPluggabilitySkip(), jarName));
        }
    }

    private static String append(String list, String jarName) {
        if (list == null || list.isBlank()) {
            return jarName;
        }
        for (String entry : list.split(",")) {
            if (entry.trim().equals(jarName)) {
                return list;
            }
        }
        return list + "," + jarName;
    }
}
