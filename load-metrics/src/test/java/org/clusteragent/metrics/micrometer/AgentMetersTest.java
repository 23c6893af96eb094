package org.clusteragent.metrics.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.clusteragent.metrics.DecayingLoadFactorProviderFactory;
import org.clusteragent.spi.AgentObserver;
import org.clusteragent.spi.AgentObserverFactory;
import org.clusteragent.spi.AgentView;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadFactorProvider;
import org.clusteragent.spi.ProxyAddress;
import org.junit.jupiter.api.Test;

/** The self-metrics against a real SimpleMeterRegistry. */
class AgentMetersTest {

    private static final ProxyAddress PROXY = new ProxyAddress("127.0.0.1", 6666, false);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<ProxyAddress, String> states = new LinkedHashMap<>();
    private final AtomicLong now = new AtomicLong();

    private AgentView view(LoadFactorProvider provider, Engine engine) {
        return new AgentView() {
            @Override
            public Map<String, Engine> nodes() {
                return Map.of("node1", engine);
            }

            @Override
            public LoadFactorProvider loadProvider() {
                return provider;
            }

            @Override
            public Map<ProxyAddress, String> proxyStates() {
                return states;
            }
        };
    }

    @Test
    void foundByServiceLoaderWhenMicrometerIsPresent() {
        List<AgentObserverFactory> factories = ServiceLoader.load(AgentObserverFactory.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertEquals(1, factories.size());
        assertInstanceOf(AgentMeters.class, factories.get(0).create().orElseThrow());
    }

    private AgentView view(String node, LoadFactorProvider provider, Engine engine) {
        return new AgentView() {
            @Override
            public Map<String, Engine> nodes() {
                return Map.of(node, engine);
            }

            @Override
            public LoadFactorProvider loadProvider() {
                return provider;
            }

            @Override
            public Map<ProxyAddress, String> proxyStates() {
                return states;
            }
        };
    }

    private LoadFactorProvider heapProvider() {
        return new DecayingLoadFactorProviderFactory().create(Map.of("loadMetrics", "heap", "initialLoad", "-1"),
                now::get);
    }

    @Test
    void stopRemovesItsOwnMetersAndNoneOfTheApplications() {
        for (int i = 0; i < 50; i++) {
            registry.counter("app.counter", "i", Integer.toString(i)).increment();
        }
        registry.gauge("app.gauge", List.of(), 7.0);
        List<io.micrometer.core.instrument.Meter> application = List.copyOf(registry.getMeters());
        Engine engine = engine("Catalina");
        AgentMeters meters = new AgentMeters(() -> registry);
        meters.started(view("node1", heapProvider(), engine));
        meters.exchanged(PROXY, "STATUS", 1_000, AgentObserver.OK);
        meters.exchanged(PROXY, "STATUS", 1_000, "MEM");
        meters.proxyRestarted(PROXY);
        assertEquals(51 + 3 + 5, registry.getMeters().size(), "load (factor, normalised, failures), two timers"
                + " (OK, MEM), error, restarts and state meters added: " + registry.getMeters());

        meters.stopped();
        assertEquals(Set.copyOf(application), Set.copyOf(registry.getMeters()),
                "exactly the application's meters are left");
    }

    @Test
    void twoAgentsInOneJvmKeepTheirMetersApart() {
        Engine first = engine("Catalina");
        Engine second = engine("Catalina");
        LoadFactorProvider busy = new DecayingLoadFactorProviderFactory().create(Map.of("loadMetrics",
                "org.clusteragent.metrics.fake.ScriptedMetric(value=0.75)", "initialLoad", "-1"), now::get);
        LoadFactorProvider idle = new DecayingLoadFactorProviderFactory().create(Map.of("loadMetrics",
                "org.clusteragent.metrics.fake.ScriptedMetric(value=0)", "initialLoad", "-1"), now::get);
        busy.loadFactor(first);
        idle.loadFactor(second);
        AgentMeters a = new AgentMeters(() -> registry);
        AgentMeters b = new AgentMeters(() -> registry);
        a.started(view("node-a", busy, first));
        b.started(view("node-b", idle, second));
        a.exchanged(PROXY, "STATUS", 1_000, AgentObserver.OK);
        b.exchanged(PROXY, "STATUS", 1_000, AgentObserver.OK);

        assertEquals(25, registry.get(LoadMeterBinder.FACTOR).tags("node", "node-a", "engine", "Catalina").gauge().value());
        assertEquals(100, registry.get(LoadMeterBinder.FACTOR).tags("node", "node-b", "engine", "Catalina").gauge().value());

        a.stopped();
        assertTrue(registry.getMeters().stream().noneMatch(m -> "node-a".equals(m.getId().getTag("node"))),
                registry.getMeters().toString());
        assertEquals(100, registry.get(LoadMeterBinder.FACTOR).tags("node", "node-b").gauge().value(),
                "the other agent's load meters stay");
        assertEquals(1, registry.get(AgentMeters.REQUESTS).tags("node", "node-b").timer().count());
        assertEquals(5, registry.getMeters().size(), "b: factor, normalised, failures, timer, state");
        b.stopped();
        assertTrue(registry.getMeters().isEmpty(), registry.getMeters().toString());
    }

    private static Engine engine(String name) {
        return new Engine() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public org.clusteragent.spi.Server server() {
                return List::of;
            }

            @Override
            public java.util.Optional<String> jvmRoute() {
                return java.util.Optional.of("node1");
            }

            @Override
            public List<org.clusteragent.spi.Host> hosts() {
                return List.of();
            }

            @Override
            public List<org.clusteragent.spi.Connector> connectors() {
                return List.of();
            }
        };
    }

    @Test
    void exchangesErrorsStatesRestartsAndLoadAreMetered() {
        Engine engine = new Engine() {
            @Override
            public String name() {
                return "Catalina";
            }

            @Override
            public org.clusteragent.spi.Server server() {
                return List::of;
            }

            @Override
            public java.util.Optional<String> jvmRoute() {
                return java.util.Optional.of("node1");
            }

            @Override
            public List<org.clusteragent.spi.Host> hosts() {
                return List.of();
            }

            @Override
            public List<org.clusteragent.spi.Connector> connectors() {
                return List.of();
            }
        };
        LoadFactorProvider provider = new DecayingLoadFactorProviderFactory()
                .create(Map.of("loadMetrics", "heap", "initialLoad", "-1"), now::get);
        provider.loadFactor(engine);
        AgentMeters meters = new AgentMeters(() -> registry);
        meters.started(view(provider, engine));
        states.put(PROXY, "OK");

        meters.exchanged(PROXY, "STATUS", 2_000_000, AgentObserver.OK);
        meters.exchanged(PROXY, "STATUS", 4_000_000, AgentObserver.OK);
        meters.exchanged(PROXY, "ENABLE-APP", 1_000_000, "MEM");
        meters.exchanged(PROXY, "STATUS", 0, AgentObserver.NO_REPLY);
        meters.proxyRestarted(PROXY);

        Timer status = registry.get(AgentMeters.REQUESTS)
                .tags("node", "node1", "proxy", "127.0.0.1:6666", "command", "STATUS", "outcome", "OK").timer();
        assertEquals(2, status.count());
        assertEquals(6.0, status.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        Counter mem = registry.get(AgentMeters.ERRORS).tags("proxy", "127.0.0.1:6666", "type", "MEM").counter();
        assertEquals(1, mem.count());
        assertEquals(1, registry.get(AgentMeters.ERRORS).tags("type", "NO_REPLY").counter().count());
        assertEquals(1, registry.get(AgentMeters.RESTARTS).counter().count());
        Gauge state = registry.get(AgentMeters.STATE).tags("proxy", "127.0.0.1:6666").gauge();
        assertEquals(1, state.value());
        states.put(PROXY, "DOWN");
        assertEquals(3, state.value());
        states.remove(PROXY);
        assertEquals(-1, state.value());

        Gauge factor = registry.get(LoadMeterBinder.FACTOR).tags("engine", "Catalina").gauge();
        assertNotNull(factor);
        assertTrue(factor.value() >= 1 && factor.value() <= 100, "factor " + factor.value());
        assertNotNull(registry.get(LoadMeterBinder.NORMALISED).tags("metric", "heap").gauge());

        meters.stopped();
        assertTrue(registry.getMeters().isEmpty(), "every meter removed on stop: " + registry.getMeters());
        meters.exchanged(PROXY, "STATUS", 1, AgentObserver.OK);
        assertTrue(registry.getMeters().isEmpty(), "nothing registered after stop");
    }
}
