package org.clusteragent.tomcat;

import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.Container;
import org.apache.catalina.ContainerEvent;
import org.apache.catalina.ContainerListener;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;

/**
 * Follows the engines, hosts and contexts of a {@link TomcatModel}: listens for hosts and contexts
 * added or removed at run time (autoDeploy, the manager application, embedded code), for each
 * context's start, stop and destroy, and for the engines' background ticks, and reports them as
 * {@link Events}. Also puts the in-flight counting valve into each followed context and takes it
 * out again, and keeps the agent's own jar out of each new context's jar scan ({@link ScanExclusion}). Tomcat calls it from its own threads, possibly several at once; it keeps no state of
 * its own beyond the model.
 */
final class ContainerWatcher implements ContainerListener, LifecycleListener {

    /** What the watcher reports, in Tomcat's terms; called on Tomcat's threads. */
    interface Events {
        void contextAdded(Context context);

        void contextStarted(Context context);

        void contextStopping(Context context);

        void contextRemoved(Context context);

        void engineTick(Engine engine);
    }

    private final TomcatModel model;
    private final Events events;
    private final List<Engine> engines = new ArrayList<>();

    ContainerWatcher(TomcatModel model, Events events) {
        this.model = model;
        this.events = events;
    }

    /** Starts following every engine of the model and everything below it. Call once. */
    synchronized void attach() {
        for (Engine engine : model.engines()) {
            engines.add(engine);
            engine.addContainerListener(this);
            engine.addLifecycleListener(this);
            for (Host host : TomcatModel.hostsOf(engine)) {
                attach(host);
            }
        }
    }

    /** Stops following everything and removes the valves. Idempotent. */
    synchronized void detach() {
        for (Engine engine : engines) {
            engine.removeContainerListener(this);
            engine.removeLifecycleListener(this);
            for (Host host : TomcatModel.hostsOf(engine)) {
                host.removeContainerListener(this);
            }
        }
        engines.clear();
        for (Context context : model.followedContexts()) {
            context.removeLifecycleListener(this);
            model.unfollow(context);
        }
    }

    @Override
    public void containerEvent(ContainerEvent event) {
        Object data = event.getData();
        if (Container.ADD_CHILD_EVENT.equals(event.getType())) {
            if (data instanceof Host host) {
                attach(host);
            } else if (data instanceof Context context && attach(context)) {
                // Tomcat fires addChild before it starts the child: "added" always precedes "started".
                events.contextAdded(context);
            }
        } else if (Container.REMOVE_CHILD_EVENT.equals(event.getType())) {
            if (data instanceof Host host) {
                host.removeContainerListener(this);
                TomcatModel.contextsOf(host).forEach(this::forget);
                model.forget(host);
            } else if (data instanceof Context context) {
                forget(context);
            }
        }
    }

    @Override
    public void lifecycleEvent(LifecycleEvent event) {
        Object source = event.getSource();
        String type = event.getType();
        if (source instanceof Context context) {
            switch (type) {
                case Lifecycle.AFTER_START_EVENT -> events.contextStarted(context);
                // Before Tomcat's own stop work, while the context still serves: the drain point.
                case Lifecycle.BEFORE_STOP_EVENT -> events.contextStopping(context);
                // removeChild destroys the context before it fires removeChild: whichever comes first.
                case Lifecycle.AFTER_DESTROY_EVENT -> forget(context);
                default -> { }
            }
        } else if (source instanceof Engine engine && Lifecycle.PERIODIC_EVENT.equals(type)) {
            events.engineTick(engine);
        }
    }

    private void attach(Host host) {
        host.addContainerListener(this);
        for (Context context : TomcatModel.contextsOf(host)) {
            attach(context);
        }
    }

    private boolean attach(Context context) {
        if (!model.follow(context)) {
            return false;
        }
        context.addLifecycleListener(this);
        if (!context.getState().isAvailable()) {
            ScanExclusion.apply(context);
        }
        return true;
    }

    private void forget(Context context) {
        context.removeLifecycleListener(this);
        if (model.unfollow(context)) {
            events.contextRemoved(context);
        }
    }
}
