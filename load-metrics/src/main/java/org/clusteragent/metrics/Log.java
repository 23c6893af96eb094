package org.clusteragent.metrics;

/**
 * The module's logger. load-metrics may depend on nothing but the SPI (and optionally Micrometer),
 * so it logs through {@link System.Logger}, which containers route to their own logging (JUL by
 * default, hence Tomcat's JULI and JBoss LogManager). Messages carry ids CLAG4000..4099. Internal to
 * the module: not an API.
 */
public final class Log {

    /** The one logger of the module, named {@code org.clusteragent.metrics}. */
    public static final System.Logger LOG = System.getLogger("org.clusteragent.metrics");

    private Log() {
    }
}
