package org.clusteragent.tomcat;

import java.net.URL;
import java.security.CodeSource;

import org.apache.catalina.Context;
import org.apache.tomcat.JarScanFilter;
import org.apache.tomcat.JarScanner;
import org.apache.tomcat.util.scan.StandardJarScanFilter;

/**
 * Keeps Tomcat's JarScanner out of the agent's own jar. Every web application Tomcat deploys scans
 * the jars of its parent class loaders, {@code $CATALINA_HOME/lib} included, for TLDs, web
 * fragments and ServletContainerInitializers; the agent's jar holds none of them, but with the
 * libraries shaded into it its scan cost every deployment about 2 ms. The jar's file name is added
 * to the TLD and pluggability skip lists of each context's standard scan filter before the context
 * starts, as if it were listed in {@code tomcat.util.scan.StandardJarScanFilter.jarsToSkip}. A
 * context with another scanner or filter, or an agent not loaded from a jar (tests, IDE), is left
 * as it is. Stateless; thread-safe.
 */
final class ScanExclusion {

    private static final String JAR = ownJarName();

    private ScanExclusion() {
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

    /** Adds the agent's jar to {@code context}'s skip lists; call before the context starts. */
    static void apply(Context context) {
        apply(context, JAR);
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
