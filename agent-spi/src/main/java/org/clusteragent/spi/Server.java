package org.clusteragent.spi;

import java.util.List;

/**
 * A read-only view of one servlet container instance (a Tomcat {@code Server}, an Undertow server).
 * Implemented by container adapters; the view reads the live container, so repeated calls may see
 * changes. Implementations must be safe to call from any thread.
 */
public interface Server {

    /** The engines (Tomcat services' engines; Undertow has one), in a stable order. Never null. */
    List<Engine> engines();
}
