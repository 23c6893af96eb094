package org.clusteragent.undertow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.clusteragent.spi.Context;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;

/**
 * One virtual host of an {@link UndertowEngine}: a name, its aliases as configured (Undertow itself
 * only records a host name per deployment), and the deployments that name it. Immutable apart from
 * the live deployment list it reads; thread-safe.
 */
final class UndertowHost implements Host {

    private final String name;
    private final Set<String> aliases;
    private final UndertowEngine engine;

    UndertowHost(String name, List<String> aliases, UndertowEngine engine) {
        this.name = name;
        Set<String> copy = new LinkedHashSet<>(aliases);
        copy.remove(name);
        this.aliases = Collections.unmodifiableSet(copy);
        this.engine = engine;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> aliases() {
        return aliases;
    }

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public List<Context> contexts() {
        List<Context> mine = new ArrayList<>();
        for (DeploymentContext d : engine.deployments()) {
            if (d.host() == this) {
                mine.add(d);
            }
        }
        return mine;
    }

    @Override
    public String toString() {
        return "Host[" + name + (aliases.isEmpty() ? "" : " " + aliases) + "]";
    }
}
