package org.clusteragent.metrics.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.clusteragent.metrics.DecayingLoadFactorProvider;
import org.clusteragent.metrics.DecayingLoadFactorProviderFactory;
import org.clusteragent.metrics.micrometer.MicrometerRegistries;
import org.clusteragent.spi.testing.FakeConnector;
import org.clusteragent.spi.testing.FakeContext;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeHost;
import org.clusteragent.spi.testing.FakeServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one status's load factor with 8 metrics and history 9 (the default), in steady state.
 * {@code synthetic}: 8 in-memory metrics, i.e. the provider's own cost (ring buffers, decay, weights).
 * {@code builtIn}: 8 real metrics reading the container model, the heap and Micrometer — busy,
 * sessions, requests, send-traffic, receive-traffic, heap, a Micrometer gauge and a Micrometer
 * counter rate. {@code cpuLoadavg2}: process cpu and loadavg, which ask the OS; {@code memory1}: the
 * physical memory metric, whose JDK source reads cgroup files in a container (shown apart).
 * The load changes between invocations so that no value is constant-folded. Run with -prof gc.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoadFactorBenchmark {

    private FakeEngine engine;
    private FakeConnector http;
    private FakeContext context;
    private AtomicInteger poolActive;
    private Counter jobs;
    private DecayingLoadFactorProvider synthetic;
    private DecayingLoadFactorProvider builtIn;
    private DecayingLoadFactorProvider cpuLoadavg;
    private DecayingLoadFactorProvider memory;
    private long tick;

    @Setup(Level.Trial)
    public void setUp() {
        engine = new FakeServer().engine("Catalina");
        FakeHost host = engine.host("localhost");
        for (int i = 0; i < 4; i++) {
            host.context("/app" + i).sessions.set(10 * i);
        }
        context = host.context("/shop");
        http = engine.httpConnector(8080, 200);
        engine.httpConnector(8009, 100);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        poolActive = registry.gauge("db.pool.active", Tags.of("pool", "main"), new AtomicInteger());
        jobs = registry.counter("jobs.done");
        MicrometerRegistries.use(registry);
        DecayingLoadFactorProviderFactory factory = new DecayingLoadFactorProviderFactory();
        StringBuilder eight = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            eight.append(i == 0 ? "" : ", ").append(SyntheticMetric.class.getName())
                    .append("(phase=").append(i).append(", weight=").append(i + 1).append(')');
        }
        synthetic = factory.createProvider(Map.of("loadMetrics", eight.toString()), System::nanoTime);
        builtIn = factory.createProvider(Map.of("loadMetrics", "busy(weight=2), sessions(capacity=1000), "
                + "requests(capacity=500), send-traffic(capacity=10000), receive-traffic(capacity=10000), heap, "
                + "micrometer(name=db.pool.active, tags=pool:main, capacity=50), "
                + "micrometer(name=jobs.done, capacity=100)"), System::nanoTime);
        cpuLoadavg = factory.createProvider(Map.of("loadMetrics", "cpu, loadavg"), System::nanoTime);
        memory = factory.createProvider(Map.of("loadMetrics", "memory"), System::nanoTime);
        for (int i = 0; i < 20; i++) {
            step();
            synthetic.loadFactor(engine);
            builtIn.loadFactor(engine);
        }
    }

    private void step() {
        long t = ++tick;
        int phase = (int) (t & 63);
        http.busyThreads = phase * 3;
        context.sessions.set(phase * 10);
        engine.requestCount += phase;
        engine.bytesSent += phase * 1000L;
        engine.bytesReceived += phase * 100L;
        poolActive.set(phase % 50);
        jobs.increment(phase);
    }

    @Benchmark
    public int synthetic8() {
        step();
        return synthetic.loadFactor(engine);
    }

    @Benchmark
    public int builtIn8() {
        step();
        return builtIn.loadFactor(engine);
    }

    @Benchmark
    public int cpuLoadavg2() {
        return cpuLoadavg.loadFactor(engine);
    }

    @Benchmark
    public int memory1() {
        return memory.loadFactor(engine);
    }
}
