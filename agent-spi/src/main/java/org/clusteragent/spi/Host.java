package org.clusteragent.spi;

import java.util.List;
import java.util.Set;

/**
 * A read-only view of one virtual host of an {@link Engine}. The proxy knows a host by its name
 * followed by its aliases. Implementations must be safe to call from any thread.
 */
public interface Host {

    /** The host's name, e.g. {@code localhost}. Never null. */
    String name();

    /** The host's aliases, without the name itself, in a stable order. Never null. */
    Set<String> aliases();

    /** The owning engine. */
    Engine engine();

    /** The web applications deployed on this host, started or not. Never null. */
    List<Context> contexts();
}
