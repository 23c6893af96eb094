package org.clusteragent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.clusteragent.spi.LoadMetric;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.Test;

/**
 * Runs the module in a class loader that sees only this module, the SPI and the JDK, as a server
 * without Micrometer would: every non-Micrometer metric must work, and a {@code micrometer} metric
 * must be refused with a message saying what to add.
 */
class WithoutMicrometerTest {

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    private static URLClassLoader isolated() {
        URL[] urls = {location(DecayingLoadFactorProviderFactory.class), location(LoadMetric.class),
            location(FakeServer.class)};
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    private static Object create(ClassLoader loader, Map<String, String> props) throws Exception {
        Class<?> factory = loader.loadClass(DecayingLoadFactorProviderFactory.class.getName());
        Method create = factory.getMethod("create", Map.class, LongSupplier.class);
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            LongSupplier clock = () -> 42L;
            return create.invoke(factory.getConstructor().newInstance(), props, clock);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Test
    void everyOtherMetricWorksWithoutMicrometer() throws Exception {
        try (CapturedLog log = CapturedLog.capture(); URLClassLoader loader = isolated()) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.micrometer.core.instrument.Meter"));
            Object provider = create(loader, Map.of("loadMetrics",
                    "cpu, loadavg, heap, memory, sessions(capacity=10), requests(capacity=10), "
                            + "send-traffic(capacity=10), receive-traffic(capacity=10), busy"));
            Class<?> engineType = loader.loadClass("org.clusteragent.spi.Engine");
            Object server = loader.loadClass(FakeServer.class.getName()).getConstructor().newInstance();
            Object engine = server.getClass().getMethod("engine", String.class).invoke(server, "Catalina");
            int factor = (int) provider.getClass().getMethod("loadFactor", engineType).invoke(provider, engine);
            assertTrue(factor >= 1 && factor <= 100, "factor " + factor);
            assertEquals(loader, provider.getClass().getClassLoader());
            // The fake engine has no connector, so busy has nothing to measure; the others carry the factor.
            assertTrue(log.one("CLAG4010").contains("load metric 'busy' of engine Catalina returned NaN"), log.toString());
        }
    }

    @Test
    void micrometerMetricIsRefusedWithAClearMessage() throws Exception {
        try (URLClassLoader loader = isolated()) {
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> create(loader,
                    Map.of("loadMetrics", "heap, micrometer(name=db.pool.active, capacity=50)")));
            Throwable cause = e.getCause();
            assertEquals("org.clusteragent.spi.InvalidConfigurationException", cause.getClass().getName());
            @SuppressWarnings("unchecked")
            List<String> problems = (List<String>) cause.getClass().getMethod("problems").invoke(cause);
            assertEquals(List.of("loadMetrics entry 2 'micrometer' needs Micrometer, but "
                    + "io.micrometer.core.instrument.MeterRegistry is not on the class path of clusteragent: "
                    + "add io.micrometer:micrometer-core next to the clusteragent jars, or remove this metric "
                    + "from loadMetrics"), problems);
        }
    }

    @Test
    void selfMetricsAreSimplyAbsentWithoutMicrometer() throws Exception {
        try (URLClassLoader loader = isolated()) {
            Class<?> factory = loader.loadClass(MicrometerObserverFactory.class.getName());
            Object created = factory.getMethod("create").invoke(factory.getConstructor().newInstance());
            assertEquals(java.util.Optional.empty(), created);
        }
    }
}
