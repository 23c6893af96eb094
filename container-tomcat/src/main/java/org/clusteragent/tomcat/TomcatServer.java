package org.clusteragent.tomcat;

import java.util.List;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Server;

/**
 * The SPI view of the Tomcat part a {@link ClusterListener} looks after: all engines of a Server,
 * or the one engine of the Service the listener sits in. One instance per listener; reads the live
 * container on every call. Thread-safe.
 */
final class TomcatServer implements Server {

    private final TomcatModel model;

    TomcatServer(TomcatModel model) {
        this.model = model;
    }

    @Override
    public List<Engine> engines() {
        return model.engines().stream().<Engine>map(model::view).toList();
    }

    @Override
    public String toString() {
        return "TomcatServer" + engines();
    }
}
