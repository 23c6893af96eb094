package org.clusteragent.metrics.micrometer;

import java.util.ArrayList;
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
 * several agents in one JVM keep apart. Meters of a proxy appear with its first exchange.
 * Thread-safe.
 */
public final class AgentMeters implements AgentObserver {

    public static final String REQUESTS = "clusteragent.mcmp.requests";
    public static final String ERRORS = "clusteragent.mcmp.errors";
    public static final String STATE = "clusteragent.proxy.state";
    public static final String RESTARTS = "clusteragent.proxy.restarts";

    private static final List<String> STATES = List.of("NEW", "OK", "ERROR", "DOWN", "CLOSED");

    private final Supplier<MeterRegistry> registries;
    private final Map<ProxyAddress, Boolean> proxiesSeen = new ConcurrentHashMap<>();
    private final List<Meter> registered = new ArrayList<>();
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
        this.registry = r;
        if (view.loadProvider() instanceof DecayingLoadFactorProvider provider) {
            for (Engine engine : view.nodes().values()) {
                int before = r.getMeters().size();
                new LoadMeterBinder(provider, engine.name()).bindTo(r);
                remember(r.getMeters().subList(before, r.getMeters().size()));
            }
        }
    }

    @Override
    public void exchanged(ProxyAddress proxy, String command, long nanos, String outcome) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        String name = proxy.toString();
        seen(r, proxy, name);
        Timer.builder(REQUESTS).tags(Tags.of("node", node, "proxy", name, "command", command, "outcome", outcome))
                .description("MCMP exchanges with a proxy and their round trip").register(r)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (!OK.equals(outcome)) {
            Counter.builder(ERRORS).tags(Tags.of("node", node, "proxy", name, "type", outcome))
                    .description("MCMP error replies and exchanges that got no reply").register(r).increment();
        }
    }

    @Override
    public void proxyRestarted(ProxyAddress proxy) {
        MeterRegistry r = registry;
        if (r != null) {
            seen(r, proxy, proxy.toString());
            Counter.builder(RESTARTS).tags(Tags.of("node", node, "proxy", proxy.toString()))
                    .description("Proxy restarts seen (its STATUS/PING id changed)").register(r).increment();
        }
    }

    @Override
    public void stopped() {
        MeterRegistry r = registry;
        registry = null;
        if (r == null) {
            return;
        }
        List<Meter> mine;
        synchronized (registered) {
            mine = new ArrayList<>(registered);
            registered.clear();
        }
        for (Meter meter : r.getMeters()) {
            String name = meter.getId().getName();
            boolean ours = node.equals(meter.getId().getTag("node"));
            if (ours && (name.equals(REQUESTS) || name.equals(ERRORS) || name.equals(RESTARTS) || name.equals(STATE))) {
                mine.add(meter);
            }
        }
        mine.forEach(r::remove);
        proxiesSeen.clear();
    }

    /** The state gauge of a proxy is registered once, with its first event. */
    private void seen(MeterRegistry r, ProxyAddress proxy, String name) {
        if (proxiesSeen.putIfAbsent(proxy, Boolean.TRUE) == null) {
            Gauge gauge = Gauge.builder(STATE, this, self -> self.stateOf(proxy)).tags(Tags.of("node", node, "proxy", name))
                    .description("Proxy state: 0 NEW, 1 OK, 2 ERROR, 3 DOWN, 4 CLOSED, -1 gone")
                    .strongReference(true).register(r);
            remember(List.of(gauge));
        }
    }

    private double stateOf(ProxyAddress proxy) {
        AgentView view = agent;
        String state = view == null ? null : view.proxyStates().get(proxy);
        return state == null ? -1 : STATES.indexOf(state);
    }

    private void remember(List<Meter> meters) {
        synchronized (registered) {
            registered.addAll(meters);
        }
    }
}
