package org.clusteragent.tomcat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.clusteragent.spi.ContainerEventHandler;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Server;

/** A ContainerEventHandler that records every call as a short string, e.g. {@code start(/app)}. */
final class RecordingHandler implements ContainerEventHandler {

    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile Server server;
    /** Runs inside stop(server), while Tomcat waits for it: lets a test look at the container then. */
    volatile Consumer<Server> onStopServer = s -> { };
    /** Runs inside init(server). */
    volatile Consumer<Server> onInit = s -> { };
    /** Runs inside stop(context). */
    volatile Consumer<Context> onStopContext = c -> { };

    static String name(Context context) {
        return context.path().isEmpty() ? "/" : context.path();
    }

    List<String> calls() {
        return new ArrayList<>(calls);
    }

    @Override
    public void init(Server server) {
        this.server = server;
        onInit.accept(server);
        calls.add("init");
    }

    @Override
    public void start(Server server) {
        calls.add("start(server)");
    }

    @Override
    public void stop(Server server) {
        onStopServer.accept(server);
        calls.add("stop(server)");
    }

    @Override
    public void shutdown() {
        calls.add("shutdown");
    }

    @Override
    public void add(Context context) {
        calls.add("add(" + name(context) + ")");
    }

    @Override
    public void start(Context context) {
        calls.add("start(" + name(context) + ")");
    }

    @Override
    public void stop(Context context) {
        onStopContext.accept(context);
        calls.add("stop(" + name(context) + ")");
    }

    @Override
    public void remove(Context context) {
        calls.add("remove(" + name(context) + ")");
    }

    @Override
    public void status(Engine engine) {
        calls.add("status(" + engine.name() + ")");
    }
}
