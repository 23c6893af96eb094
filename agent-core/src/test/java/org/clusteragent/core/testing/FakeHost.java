package org.clusteragent.core.testing;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.clusteragent.spi.Context;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;

/** A test virtual host; see {@link FakeServer}. */
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
