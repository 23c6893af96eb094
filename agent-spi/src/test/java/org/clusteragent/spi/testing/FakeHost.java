package org.clusteragent.spi.testing;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.clusteragent.spi.Context;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;

/**
 * A test virtual host created by {@link FakeEngine#host}: its name and aliases are fixed, its contexts
 * are added and removed by the test; see {@link FakeServer}.
 */
public final class FakeHost implements Host {

    private final FakeEngine engine;
    private final String name;
    private final Set<String> aliases;
    private final List<Context> contexts = new CopyOnWriteArrayList<>();

    FakeHost(FakeEngine engine, String name, String... aliases) {
        this.engine = engine;
        this.name = name;
        this.aliases = new LinkedHashSet<>(Arrays.asList(aliases));
    }

    /** Adds a context (started) with this servlet path ("" for root). */
    public FakeContext context(String path) {
        FakeContext context = new FakeContext(this, path);
        contexts.add(context);
        return context;
    }

    /** Removes a context, as an undeployment would. */
    public void removeContext(FakeContext context) {
        contexts.remove(context);
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
        return contexts;
    }
}
