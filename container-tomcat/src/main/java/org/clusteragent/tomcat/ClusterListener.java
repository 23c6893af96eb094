package org.clusteragent.tomcat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.Server;
import org.apache.catalina.Service;
import org.clusteragent.spi.ContainerEventHandler;
import org.clusteragent.spi.InvalidConfigurationException;
import org.jboss.logging.Logger;

/**
 * The Tomcat {@code <Listener>} that makes a Tomcat node known to mod_cluster-compatible proxies.
 * Placed in server.xml on the {@code <Server>} it looks after every Service's engine; placed inside
 * a {@code <Service>} it looks after that Service's engine only. Every attribute is collected as a
 * string through {@link #setProperty} (Tomcat's digester falls back to it for any attribute) and
 * handed, in document order, to the cluster agent, which validates them all.
 *
 * <p>Events become {@link ContainerEventHandler} calls: owner AFTER_INIT → {@code init}, owner
 * AFTER_START → {@code start(server)}, owner BEFORE_STOP → {@code stop(server)} (while the
 * connectors still serve, so the drain can finish), owner AFTER_DESTROY → {@code shutdown}. Between
 * {@code start(server)} and {@code stop(server)}, contexts deployed at run time are reported with
 * {@code add}/{@code start(context)}, stopped ones with {@code stop(context)} at their BEFORE_STOP
 * (blocking while they drain), and undeployed ones with {@code remove}. The agent sees one
 * context per host and path: of parallel versions ({@code demo##1}, {@code demo##2}) only the
 * first to start is reported started, only the last to stop is reported stopped (and drained),
 * only the last to go is reported removed (see {@link ServingVersions}). With
 * {@code processStatusFrequency=N}, every N-th background tick of an Engine calls {@code status}.
 *
 * <p>With a bad attribute the agent is not started: each problem is logged as its own error and
 * Tomcat itself keeps running, serving requests directly but unknown to the proxies. Tomcat calls
 * this listener from its own threads; the class is thread-safe.
 */
public class ClusterListener implements LifecycleListener, ContainerWatcher.Events {

    private static final Logger LOG = Logger.getLogger(ClusterListener.class);

    private enum Phase { NEW, INITIALISED, RUNNING, STOPPING, STOPPED, FAILED, SHUT_DOWN }

    private final Function<Map<String, String>, ContainerEventHandler> handlerFactory;
    private final ListenerAttributes attributes = new ListenerAttributes();
    private final Map<Engine, AtomicLong> ticks = new ConcurrentHashMap<>();
    private final ServingVersions versions = new ServingVersions();

    private volatile Phase phase = Phase.NEW;
    private volatile ContainerEventHandler handler;
    private volatile TomcatModel model;
    private volatile ContainerWatcher watcher;
    private volatile int statusFrequency;

    /** The listener server.xml creates: the real cluster agent from agent-core. */
    public ClusterListener() {
        this(CoreAgentBinding::create);
    }

    /**
     * A listener with another event handler, for tests and for embedding.
     *
     * @param handlerFactory builds the handler from the attributes; may throw
     *                       {@link InvalidConfigurationException} listing every bad attribute
     */
    protected ClusterListener(Function<Map<String, String>, ContainerEventHandler> handlerFactory) {
        this.handlerFactory = Objects.requireNonNull(handlerFactory, "handlerFactory");
    }

    /**
     * Records one server.xml attribute; Tomcat's digester calls this for every attribute, since this
     * class has no attribute-specific setters. Attributes set after the listener initialised are
     * ignored (configuration is immutable once the agent runs).
     *
     * @return true (the agent, not Tomcat, reports unknown attribute names)
     */
    public boolean setProperty(String name, String value) {
        if (phase != Phase.NEW) {
            LOG.warnf("CLAG6007: attribute %s=\"%s\" set after the cluster listener started is ignored", name, value);
            return true;
        }
        attributes.set(name, value);
        return true;
    }

    /** The value of one attribute as written, or null (used by Tomcat's introspection). */
    public String getProperty(String name) {
        return attributes.get(name);
    }

    /** Every attribute set so far, in the order Tomcat set them. Immutable. */
    public Map<String, String> getProperties() {
        return attributes.snapshot();
    }

    /** True while the agent runs, i.e. between the owner's start and stop, with a valid configuration. */
    public boolean isRunning() {
        return phase == Phase.RUNNING;
    }

    @Override
    public void lifecycleEvent(LifecycleEvent event) {
        Object source = event.getSource();
        if (!(source instanceof Server) && !(source instanceof Service)) {
            if (Lifecycle.AFTER_INIT_EVENT.equals(event.getType())) {
                LOG.errorf("CLAG6005: %s must be a <Listener> of the <Server> or of a <Service>, not of %s;"
                        + " the cluster agent is not started", getClass().getName(), source);
            }
            return;
        }
        switch (event.getType()) {
            case Lifecycle.AFTER_INIT_EVENT -> init((Lifecycle) source);
            // Listener added to an already initialised (embedded) owner: initialise on start.
            case Lifecycle.BEFORE_START_EVENT -> init((Lifecycle) source);
            case Lifecycle.AFTER_START_EVENT -> start();
            case Lifecycle.BEFORE_STOP_EVENT -> stop();
            case Lifecycle.AFTER_DESTROY_EVENT -> shutdown();
            default -> { }
        }
    }

    private synchronized void init(Lifecycle owner) {
        if (phase != Phase.NEW) {
            return;
        }
        TomcatModel newModel = owner instanceof Service service
                ? TomcatModel.ofService(service) : TomcatModel.ofServer((Server) owner);
        Map<String, String> properties = attributes.snapshot();
        ContainerEventHandler created = createHandler(properties);
        if (created == null) {
            phase = Phase.FAILED;
            return;
        }
        statusFrequency = ListenerAttributes.statusFrequency(properties);
        model = newModel;
        ScanExclusion.skipByDefault();
        watcher = new ContainerWatcher(newModel, this);
        watcher.attach();
        handler = created;
        phase = Phase.INITIALISED;
        call("init", () -> created.init(newModel.serverView()));
    }

    /** Builds the handler, or logs every problem and returns null. */
    private ContainerEventHandler createHandler(Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        ContainerEventHandler created = null;
        try {
            created = handlerFactory.apply(properties);
        } catch (InvalidConfigurationException e) {
            problems.addAll(e.problems());
        } catch (RuntimeException e) {
            LOG.errorf("CLAG6003: the cluster agent cannot be created, this node will not be registered with"
                    + " any proxy: %s", e.getMessage());
            return null;
        }
        if (problems.isEmpty()) {
            return created;
        }
        for (String problem : problems) {
            LOG.errorf("CLAG6001: invalid attribute of <Listener className=\"%s\">: %s", getClass().getName(), problem);
        }
        LOG.errorf("CLAG6002: the cluster agent is not started because of the %d configuration problem(s) above;"
                + " Tomcat keeps running but this node is not registered with any proxy. Fix server.xml and"
                + " restart Tomcat", problems.size());
        if (created != null) {
            created.shutdown();
        }
        return null;
    }

    private synchronized void start() {
        if (phase != Phase.INITIALISED && phase != Phase.STOPPED) {
            return;
        }
        phase = Phase.RUNNING;
        call("start(server)", () -> handler.start(model.serverView()));
        LOG.infof("CLAG6000: cluster agent started for %s", model.serverView().engines());
    }

    private synchronized void stop() {
        if (phase != Phase.RUNNING) {
            return;
        }
        // Context events from here on belong to the shutdown that stop(server) already covers.
        phase = Phase.STOPPING;
        call("stop(server)", () -> handler.stop(model.serverView()));
        phase = Phase.STOPPED;
        LOG.infof("CLAG6006: cluster agent stopped for %s", model.serverView().engines());
    }

    private synchronized void shutdown() {
        if (phase == Phase.RUNNING) {
            stop();
        }
        if (handler != null && phase != Phase.SHUT_DOWN) {
            call("shutdown", handler::shutdown);
        }
        if (watcher != null) {
            watcher.detach();
        }
        phase = Phase.SHUT_DOWN;
    }

    @Override
    public void contextAdded(Context context) {
        if (phase == Phase.RUNNING) {
            call("add(" + context.getName() + ")", () -> handler.add(model.view(context)));
        }
    }

    @Override
    public void contextStarted(Context context) {
        // Tracked in every phase: the contexts that start with Tomcat count as serving too.
        boolean first = versions.started(context);
        if (phase != Phase.RUNNING) {
            return;
        }
        if (first) {
            call("start(" + context.getName() + ")", () -> handler.start(model.view(context)));
        } else {
            LOG.infof("CLAG2202: %s serves %s beside %d other version(s); the proxies see no change", context.getName(),
                    pathOf(context), versions.serving(context) - 1);
        }
    }

    @Override
    public void contextStopping(Context context) {
        boolean last = versions.stopping(context);
        if (phase != Phase.RUNNING) {
            return;
        }
        if (last) {
            call("stop(" + context.getName() + ")", () -> handler.stop(model.view(context)));
        } else if (versions.serving(context) > 0) {
            LOG.infof("CLAG2203: %s stops; %s stays with the proxies, served by %d other version(s)", context.getName(),
                    pathOf(context), versions.serving(context));
        }
    }

    @Override
    public void contextRemoved(Context context) {
        versions.forget(context);
        // The path goes from the proxies only with its last deployed version.
        boolean last = model.versions((Host) context.getParent(), context.getPath()).isEmpty();
        if (phase == Phase.RUNNING && last) {
            call("remove(" + context.getName() + ")", () -> handler.remove(model.view(context)));
        }
    }

    private static String pathOf(Context context) {
        return context.getParent().getName() + (context.getPath().isEmpty() ? "/" : context.getPath());
    }

    @Override
    public void engineTick(Engine engine) {
        int frequency = statusFrequency;
        if (frequency <= 0 || phase != Phase.RUNNING) {
            return;
        }
        long tick = ticks.computeIfAbsent(engine, e -> new AtomicLong()).incrementAndGet();
        if (tick % frequency == 0) {
            call("status(" + engine.getName() + ")", () -> handler.status(model.view(engine)));
        }
    }

    /**
     * A failure inside the agent must never break Tomcat's own lifecycle: log it and go on. A
     * configuration the running container contradicts (e.g. connectorPort matching no connector)
     * is the user's to fix, so it is logged like a bad attribute, without a stack trace.
     */
    private static void call(String what, Runnable action) {
        try {
            action.run();
        } catch (InvalidConfigurationException e) {
            for (String problem : e.problems()) {
                LOG.errorf("CLAG6008: the cluster agent cannot do %s: %s", what, problem);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "CLAG6004: the cluster agent failed in %s", what);
        }
    }
}
