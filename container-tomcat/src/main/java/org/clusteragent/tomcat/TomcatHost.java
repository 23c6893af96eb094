package org.clusteragent.tomcat;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.clusteragent.spi.Context;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;

/**
 * The SPI view of a Tomcat {@link org.apache.catalina.Host}: its name, its aliases (in Tomcat's
 * order, without the name) and its contexts, one per path (see {@link TomcatContext}). Equal to any other view of the same Host. Reads the
 * live Host on every call; thread-safe.
 */
record TomcatHost(TomcatModel model, org.apache.catalina.Host tomcat) implements Host {

    @Override
    public String name() {
        return tomcat.getName();
    }

    @Override
    public Set<String> aliases() {
        Set<String> aliases = new LinkedHashSet<>(List.of(tomcat.findAliases()));
        aliases.remove(tomcat.getName());
        return Collections.unmodifiableSet(aliases);
    }

    @Override
    public Engine engine() {
        return model.view((org.apache.catalina.Engine) tomcat.getParent());
    }

    @Override
    public List<Context> contexts() {
        // One view per path: parallel versions of a path are one context for the proxies.
        return TomcatModel.contextsOf(tomcat).stream().<Context>map(model::view).distinct().toList();
    }

    @Override
    public String toString() {
        return "Host[" + tomcat.getName() + "]";
    }
}
