package org.clusteragent.harness.bench;

import java.io.IOException;
import java.time.Duration;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.ConfigRequest;
import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpEncoder;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpReplyParser;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.mcmp.RequestTarget;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.core.proxy.ProxyConnection;
import org.clusteragent.core.proxy.ProxySettings;
import org.clusteragent.harness.DemoBackend;
import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.ProxyAddress;

/**
 * End-to-end STATUS round trip, run by hand (see docs/benchmarks.md): the agent's own encoder,
 * {@link ProxyConnection} and reply parser against Undertow's real balancer and against the fake
 * proxy, each over one keep-alive connection and over a new connection per STATUS ("close": the
 * agent disconnects after every reply). Every reply is parsed and must be a STATUS-RSP with
 * State=OK, so only successful round trips are timed. Single-threaded, loopback only. Undertow's
 * MCMP handler answers every command with {@code Connection: close} (checked on 2.3.20), so against
 * it "keep-alive" means the agent asks for it and reconnects anyway; the connection count printed
 * with each figure shows that.
 *
 * <p>Arguments: [keep-alive count] [close count] [warm-up count], defaults 3000 3000 2000.
 */
public final class StatusRoundTripBench {

    private static final McmpEncoder ENCODER = new McmpEncoder("clusteragent-bench");
    private static final McmpReplyParser PARSER = new McmpReplyParser();
    private static final String ROUTE = "node1";

    public static void main(String[] args) throws Exception {
        int keepAlive = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int close = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        System.out.printf("java %s, %d CPUs%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        try (DemoBackend backend = DemoBackend.start("127.0.0.1", ROUTE, "/demo", delta -> { }, Duration.ZERO);
             UndertowBalancer balancer = UndertowBalancer.builder().start();
             FakeProxy fake = FakeProxy.start()) {
            ProxyAddress undertow = balancer.mcmpAddress();
            ProxyAddress fakeAddress = new ProxyAddress(fake.host(), fake.port(), false);
            for (ProxyAddress proxy : new ProxyAddress[] {undertow, fakeAddress}) {
                register(proxy, backend.port());
            }
            for (boolean reuse : new boolean[] {true, false}) {
                for (ProxyAddress proxy : new ProxyAddress[] {undertow, fakeAddress}) {
                    String name = (proxy == undertow ? "Undertow balancer" : "fake proxy") + ", "
                            + (reuse ? "keep-alive" : "close");
                    measure(proxy, reuse, warmUp / (reuse ? 1 : 4));
                    Samples s = measure(proxy, reuse, reuse ? keepAlive : close);
                    System.out.printf("STATUS round trip, %-30s %s%n", name + ":", s.microseconds());
                }
            }
        }
    }

    /** CONFIG, ENABLE-APP and a first STATUS, so that later STATUS are for a known, routable node. */
    private static void register(ProxyAddress proxy, int backendPort) throws IOException {
        try (ProxyConnection c = new ProxyConnection(proxy, ProxySettings.defaults())) {
            exchange(c, ConfigRequest.builder(ROUTE, "127.0.0.1", backendPort, Connector.Type.HTTP).build());
            exchange(c, AppRequest.of(McmpCommand.ENABLE_APP, ROUTE, java.util.List.of("localhost"), "/demo"));
            exchange(c, new StatusRequest(ROUTE, 50));
        }
    }

    private static Samples measure(ProxyAddress proxy, boolean reuse, int count) throws IOException {
        Samples samples = new Samples(count);
        byte[] status = ENCODER.encode(new StatusRequest(ROUTE, 50), new RequestTarget(proxy.host(), proxy.port()));
        try (ProxyConnection c = new ProxyConnection(proxy, ProxySettings.defaults())) {
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                McmpReply reply = PARSER.parse(STATUS, c.exchange(status));
                if (!reuse) {
                    c.disconnect();
                }
                samples.add(System.nanoTime() - t0);
                if (!(reply instanceof McmpReply.StatusReply s && s.ok())) {
                    throw new IllegalStateException("STATUS to " + proxy + " answered " + reply);
                }
            }
            samples.connections(c.connectionsOpened());
        }
        return samples;
    }

    private static final StatusRequest STATUS = new StatusRequest(ROUTE, 50);

    private static McmpReply exchange(ProxyConnection c, McmpRequest request) throws IOException {
        RequestTarget target = new RequestTarget(c.address().host(), c.address().port());
        McmpReply reply = PARSER.parse(request, c.exchange(ENCODER.encode(request, target)));
        if (reply instanceof McmpReply.ErrorReply || reply instanceof McmpReply.NotMcmp
                || reply instanceof McmpReply.Malformed) {
            throw new IllegalStateException(request.command() + " to " + c.address() + " failed: " + reply);
        }
        return reply;
    }

    private StatusRoundTripBench() {
    }
}
