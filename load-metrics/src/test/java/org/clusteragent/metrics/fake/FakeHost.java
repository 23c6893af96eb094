package org.clusteragent.metrics.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;

/** In-memory host. */
public final class FakeHost implements Host {

    private final String name;
    private final Engine engine;
    private final List<Context> contexts = new ArrayList<>();

    FakeHost(String name, Engine engine) {
        this.name = name;
        this.engine = engine;
    }

    public FakeContext addContext(String path) {
        FakeContext c = new FakeContext(path, this);
        contexts.add(c);
        return c;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> aliases() {
        return Set.of();
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
