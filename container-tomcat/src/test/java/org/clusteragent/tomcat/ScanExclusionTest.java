package org.clusteragent.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.catalina.core.StandardContext;
import org.apache.tomcat.JarScanFilter;
import org.apache.tomcat.JarScanType;
import org.junit.jupiter.api.Test;

/** The agent's jar is skipped by a context's jar scan for TLDs and pluggability; other jars are not. */
class ScanExclusionTest {

    private static final String JAR = "container-tomcat-1.2.3-tomcat-lib.jar";

    @Test
    void theAgentJarIsSkippedForTldsAndPluggabilityOnce() {
        StandardContext context = new StandardContext();
        ScanExclusion.apply(context, JAR);
        ScanExclusion.apply(context, JAR);
        JarScanFilter filter = context.getJarScanner().getJarScanFilter();
        assertFalse(filter.check(JarScanType.PLUGGABILITY, JAR));
        assertFalse(filter.check(JarScanType.TLD, JAR));
        assertTrue(filter.check(JarScanType.PLUGGABILITY, "some-webapp-library.jar"));
        String skip = ((org.apache.tomcat.util.scan.StandardJarScanFilter) filter).getPluggabilitySkip();
        assertTrue(skip.indexOf(JAR) == skip.lastIndexOf(JAR), "listed once: " + skip);
    }

    @Test
    void withoutAJarNothingChanges() {
        // In this test run the adapter is loaded from target/classes, not from a jar.
        assertNull(ScanExclusion.ownJarName());
    }
}
