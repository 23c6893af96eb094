package org.clusteragent.core.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.clusteragent.core.ClusterAgent;
import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.fakeproxy.RecordedRequest;
import org.clusteragent.core.fakeproxy.WireFault;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.CapturedLog;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeServer;
import org.clusteragent.spi.testing.FixedLoad;

/**
 * For each wire fault of the fake proxy: one agent (in-memory container, statusInterval 0.1 s,
 * socketTimeout 1 s, stopContextTimeout 0 = no bound) talks to a healthy fake proxy and a faulty
 * one for {@code seconds}; prints the largest gap between two STATUS at the healthy proxy (its
 * delay), the agent's log lines per minute, the heap used after a GC, and how long the agent's
 * stop (drain, goodbye, threads) took. Not a JMH benchmark: one run per fault, figures as seen.
 * Arguments: seconds per fault (default 20).
 */
public final class FaultBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Map<String, Consumer<FakeProxy>> faults = new LinkedHashMap<>();
        faults.put("none", p -> { });
        faults.put("hang (no reply)", p -> p.hang(true));
        faults.put("throttle 1 byte / 100 ms", p -> p.wire("*", WireFault.throttle(1, Duration.ofMillis(100))));
        faults.put("40 interim replies", p -> p.wire("*", WireFault.interim(40, Duration.ZERO)));
        faults.put("endless headers / 10 ms", p -> p.wire("*", WireFault.endlessHeaders(Duration.ofMillis(10))));
        faults.put("disconnect mid-body", p -> p.wire("*", WireFault.disconnectMidBody()));
        faults.put("half-close after request", p -> p.wire("*", WireFault.halfCloseAfterRequest()));
        faults.put("id changes on every reply", p -> p.changeIdOnEveryReply(true));
        System.out.printf("%-28s %18s %14s %14s %12s%n", "fault", "healthy delay ms", "log lines/min",
                "heap MB (GC)", "stop ms");
        for (Map.Entry<String, Consumer<FakeProxy>> fault : faults.entrySet()) {
            run(fault.getKey(), fault.getValue(), seconds);
        }
    }

    private static void run(String name, Consumer<FakeProxy> fault, int seconds) throws Exception {
        try (FakeProxy healthy = FakeProxy.start(); FakeProxy broken = FakeProxy.start();
             CapturedLog log = CapturedLog.capture()) {
            FakeServer server = new FakeServer();
            FakeEngine engine = server.engine("Catalina").jvmRoute("node1");
            engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
            engine.host("localhost").context("/demo").started(true);
            Map<String, String> props = new LinkedHashMap<>();
            props.put("proxyList", healthy.address() + "," + broken.address());
            props.put("socketTimeout", "1000");
            props.put("statusInterval", "0.1");
            props.put("stopContextTimeout", "0");
            ClusterAgent agent = ClusterAgent.builder().properties(props).loadProvider(new FixedLoad(80))
                    .discoveries(List.of()).registerMBean(false).build();
            agent.start(server);
            healthy.awaitNode("node1", Duration.ofSeconds(10));
            broken.awaitNode("node1", Duration.ofSeconds(10));
            fault.accept(broken);
            int linesBefore = log.messages().size();
            long from = System.nanoTime();
            Thread.sleep(seconds * 1000L); // the run itself: the fault acts for this long
            long maxGapNanos = 0;
            long last = -1;
            for (RecordedRequest r : healthy.requests()) {
                if (r.method().equals("STATUS") && r.arrivalNanos() >= from) {
                    if (last >= 0) {
                        maxGapNanos = Math.max(maxGapNanos, r.arrivalNanos() - last);
                    }
                    last = r.arrivalNanos();
                }
            }
            double lines = log.messages().size() - linesBefore;
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long stopStart = System.nanoTime();
            agent.stop(server);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart);
            System.out.printf("%-28s %18d %14.1f %14.1f %12d%n", name, TimeUnit.NANOSECONDS.toMillis(maxGapNanos),
                    lines * 60 / seconds, heap / 1048576.0, stopMillis);
        }
    }
}
