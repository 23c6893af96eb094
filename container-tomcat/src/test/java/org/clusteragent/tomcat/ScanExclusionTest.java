package org.clusteragent.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

import org.apache.catalina.core.StandardContext;
import org.apache.tomcat.JarScanFilter;
import org.apache.tomcat.JarScanType;
import org.apache.tomcat.util.scan.StandardJarScanFilter;
import org.junit.jupiter.api.Test;

/**
 * The agent's jar is skipped by a context's jar scan for TLDs and pluggability, through Tomcat's
 * defaults when the agent comes first, else per context; other jars are not.
 */
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
    void beforeTomcatReadsItsDefaultsTheJarIsSkippedByEveryNewFilter() throws Exception {
        String before = System.getProperty(ScanExclusion.SKIP_PROPERTY);
        try (URLClassLoader fresh = freshTomcat()) {
            assertTrue(skipByDefault(fresh, "a-tomcat-lib.jar"), "a filter made now skips the jar");
            assertTrue(skipByDefault(fresh, "a-tomcat-lib.jar"));
            String list = System.getProperty(ScanExclusion.SKIP_PROPERTY);
            assertTrue(list.indexOf("a-tomcat-lib.jar") == list.lastIndexOf("a-tomcat-lib.jar"), "listed once: " + list);
            Object filter = fresh.loadClass(StandardJarScanFilter.class.getName()).getConstructor().newInstance();
            Method check = filter.getClass().getMethod("check", fresh.loadClass(JarScanType.class.getName()), String.class);
            Object tld = fresh.loadClass(JarScanType.class.getName()).getField("TLD").get(null);
            assertEquals(false, check.invoke(filter, tld, "a-tomcat-lib.jar"), "another new filter skips it too");
            assertEquals(true, check.invoke(filter, tld, "some-webapp-library.jar"));
        } finally {
            restore(before);
        }
    }

    @Test
    void afterTomcatReadItsDefaultsEachContextIsToldInstead() throws Exception {
        String before = System.getProperty(ScanExclusion.SKIP_PROPERTY);
        try (URLClassLoader fresh = freshTomcat()) {
            fresh.loadClass(StandardJarScanFilter.class.getName()).getConstructor().newInstance();
            assertFalse(skipByDefault(fresh, "b-tomcat-lib.jar"), "the defaults were read before: per context then");
        } finally {
            restore(before);
        }
    }

    /** Tomcat's and the adapter's classes in a loader of their own: StandardJarScanFilter not initialised yet. */
    private static URLClassLoader freshTomcat() throws Exception {
        URL adapter = ScanExclusion.class.getProtectionDomain().getCodeSource().getLocation();
        URL tomcat = StandardJarScanFilter.class.getProtectionDomain().getCodeSource().getLocation();
        URL catalina = StandardContext.class.getProtectionDomain().getCodeSource().getLocation();
        URL api = JarScanFilter.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {adapter, tomcat, catalina, api}, ClassLoader.getPlatformClassLoader());
    }

    private static boolean skipByDefault(ClassLoader loader, String jar) throws Exception {
        Method m = loader.loadClass(ScanExclusion.class.getName()).getDeclaredMethod("skipByDefault", String.class);
        m.setAccessible(true);
        return (Boolean) m.invoke(null, jar);
    }

    private static void restore(String value) {
        if (value == null) {
            System.clearProperty(ScanExclusion.SKIP_PROPERTY);
        } else {
            System.setProperty(ScanExclusion.SKIP_PROPERTY, value);
        }
    }

    @Test
    void withoutAJarNothingChanges() {
        // In this test run the adapter is loaded from target/classes, not from a jar.
        assertNull(ScanExclusion.ownJarName());
    }
}
