package org.clusteragent.metrics.micrometer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.clusteragent.metrics.DecayingLoadFactorProvider;
import org.clusteragent.spi.AgentObserver;
import org.clusteragent.spi.AgentView;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.ProxyAddress;

/**
 * The agent's self-metrics in Micrometer, registered in {@link MicrometerRegistries#current()} when
 * the agent starts and removed when it stops. Names are stable and documented in
 * {@code docs/load-metrics.md}:
 * <ul>
 * <li>{@value #REQUESTS} (timer; tags {@code proxy}, {@code command}, {@code outcome}): every MCMP
 * exchange, with its round trip; {@code outcome} is {@code OK}, {@code NO_REPLY} or the error kind;</li>
 * <li>{@value #ERRORS} (counter; tags {@code proxy}, {@code type}): error replies and exchanges
 * without a reply, by kind;</li>
 * <li>{@value #STATE} (gauge; tag {@code proxy}): 0 NEW, 1 OK, 2 ERROR, 3 DOWN, 4 CLOSED, -1 gone;</li>
 * <li>{@value #RESTARTS} (counter; tag {@code proxy}): proxy restarts seen (STATUS/PING id changes);</li>
 * <li>the load meters of {@link LoadMeterBinder} for every node, when the provider is ours.</li>
 * </ul>
 * Every meter also carries the tag {@code node} (the agent's jvmRoutes joined by {@code +}), so that
 * several agents in one JVM keep apart. Meters of a proxy appear with its first exchange. The
 * agent keeps the {@link Meter} objects it registered and on stop removes exactly those: never a
 * meter of the application or of another agent. Thread-safe.
 */
public final class AgentMeters implements AgentObserver {

    public static final String REQUESTS = "clusteragent.mcmp.requests";
    public static final String ERRORS = "clusteragent.mcmp.errors";
    public static final String STATE = "clusteragent.proxy.state";
    public static final String RESTARTS = "clusteragent.proxy.restarts";

    private static final List<String> STATES = List.of("NEW", "OK", "ERROR", "DOWN", "CLOSED");

    private final Supplier<MeterRegistry> registries;
    private final Map<ProxyAddress, Boolean> proxiesSeen = new ConcurrentHashMap<>();
    /** The meters this agent registered, by id. Guarded by itself, with {@link #registry}'s changes. */
    private final Map<Meter.Id, Meter> registered = new HashMap<>();
    private volatile MeterRegistry registry;
    private volatile AgentView agent;
    private volatile String node = "";

    /** Uses {@link MicrometerRegistries#current()} at start. */
    public AgentMeters() {
        this(MicrometerRegistries::current);
    }

    /** Uses the registry the supplier gives at start (tests, embedders). */
    public AgentMeters(Supplier<MeterRegistry> registries) {
        this.registries = registries;
    }

    @Override
    public void started(AgentView view) {
        this.agent = view;
        this.node = String.join("+", view.nodes().keySet());
        MeterRegistry r = registries.get();
        synchronized (registered) {
            this.registry = r;
            if (view.loadProvider() instanceof DecayingLoadFactorProvider provider) {
                for (Engine engine : view.nodes().values()) {
                    new LoadMeterBinder(provider, engine.name()).register(r, Tags.of("node", node))
                            .forEach(this::remember);
                }
            }
        }
    }

    @Override
    public void exchanged(ProxyAddress proxy, String command, long nanos, String outcome) {
        String name = proxy.toString();
        Timer timer;
        Counter errors = null;
        synchronized (registered) {
            MeterRegistry r = registry;
            if (r == null) {
                return;
            }
            seen(r, proxy, name);
            timer = remember(Timer.builder(REQUESTS)
                    .tags(Tags.of("node", node, "proxy", name, "command", command, "outcome", outcome))
                    .description("MCMP exchanges with a proxy and their round trip").register(r));
            if (!OK.equals(outcome)) {
                errors = remember(Counter.builder(ERRORS).tags(Tags.of("node", node, "proxy", name, "type", outcome))
                        .description("MCMP error replies and exchanges that got no reply").register(r));
            }
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
        if (errors != null) {
            errors.increment();
        }
    }

    @Override
    public void proxyRestarted(ProxyAddress proxy) {
        Counter restarts;
        synchronized (registered) {
            MeterRegistry r = registry;
            if (r == null) {
                return;
            }
            seen(r, proxy, proxy.toString());
            restarts = remember(Counter.builder(RESTARTS).tags(Tags.of("node", node, "proxy", proxy.toString()))
                    .description("Proxy restarts seen (its STATUS/PING id changed)").register(r));
        }
        restarts.increment();
    }

    @Override
    public void stopped() {
        MeterRegistry r;
        List<Meter> mine;
        synchronized (registered) {
            r = registry;
            registry = null;
            mine = new ArrayList<>(registered.values());
            registered.clear();
            proxiesSeen.clear();
        }
        if (r != null) {
            mine.forEach(r::remove);
        }
    }

    /** The state gauge of a proxy is registered once, with its first event. */
    private void seen(MeterRegistry r, ProxyAddress proxy, String name) {
        if (proxiesSeen.putIfAbsent(proxy, Boolean.TRUE) == null) {
            remember(Gauge.builder(STATE, this, self -> self.stateOf(proxy)).tags(Tags.of("node", node, "proxy", name))
                    .description("Proxy state: 0 NEW, 1 OK, 2 ERROR, 3 DOWN, 4 CLOSED, -1 gone")
                    .strongReference(true).register(r));
        }
    }

    private double stateOf(ProxyAddress proxy) {
        AgentView view = agent;
        String state = view == null ? null : view.proxyStates().get(proxy);
        return state == null ? -1 : STATES.indexOf(state);
    }

    /** Called holding {@link #registered}; cheap for a meter already known (one map look-up). */
    private <M extends Meter> M remember(M meter) {
        registered.putIfAbsent(meter.getId(), meter);
        return meter;
    }
}
