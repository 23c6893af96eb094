package org.clusteragent.core.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.clusteragent.core.mcmp.McmpEncoder;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpReplyParser;
import org.clusteragent.core.mcmp.RawReply;
import org.clusteragent.core.mcmp.RequestTarget;
import org.clusteragent.core.mcmp.StatusRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-tick MCMP work: building and encoding a STATUS, and parsing its STATUS-RSP (httpd form).
 * Run as described in docs/benchmarks.md; not part of the unit test run (no @Test here).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class McmpBenchmark {

    private final McmpEncoder encoder = new McmpEncoder("clusteragent/0.1.0");
    private final McmpReplyParser parser = new McmpReplyParser();
    private final RequestTarget target = new RequestTarget("10.0.0.1", 6666, "");
    private final StatusRequest status = new StatusRequest("node1", 87);
    private final RawReply statusReply = new RawReply(200, "OK",
            List.of(Map.entry("Date", "Sun, 22 Nov 2026 05:00:00 GMT"), Map.entry("Content-Type", "text/plain"),
                    Map.entry("Content-Length", "61")),
            "Type=STATUS-RSP&JVMRoute=node1&State=OK&id=1795320964678488\n".getBytes(StandardCharsets.US_ASCII));
    private int load = 1;

    /** Encoding an already built STATUS request. */
    @Benchmark
    public byte[] encodeStatus() {
        return encoder.encode(status, target);
    }

    /** What a status tick does: a new validated request with the current load, then its bytes. */
    @Benchmark
    public byte[] buildAndEncodeStatus() {
        load = load == 100 ? 1 : load + 1;
        return encoder.encode(new StatusRequest("node1", load), target);
    }

    /** Reading the proxy's STATUS-RSP. */
    @Benchmark
    public McmpReply parseStatusReply() {
        return parser.parse(status, statusReply);
    }
}
