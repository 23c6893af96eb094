package org.clusteragent.spi.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Server;

/**
 * An in-memory container model for tests: a mutable implementation of the SPI views whose values
 * the test sets directly (sessions, in-flight requests, started flags). Thread-safe enough for
 * tests: lists are copy-on-write, counters volatile. Build it top-down, e.g.
 * {@code new FakeServer().engine("Catalina").host("localhost").context("/shop")}; shared with other
 * modules through agent-spi's test-jar.
 */
public final class FakeServer implements Server {

    private final List<Engine> engines = new CopyOnWriteArrayList<>();

    /** Adds an engine with this name. */
    public FakeEngine engine(String name) {
        FakeEngine engine = new FakeEngine(this, name);
        engines.add(engine);
        return engine;
    }

    @Override
    public List<Engine> engines() {
        return engines;
    }
}
