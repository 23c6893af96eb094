package org.clusteragent.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.clusteragent.harness.RealProxy;
import org.clusteragent.harness.testing.BalancerClient;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.ClientTraffic;
import org.clusteragent.harness.testing.NodeKind;
import org.clusteragent.harness.testing.ProxyKind;
import org.clusteragent.harness.testing.ServingNode;
import org.junit.jupiter.api.Test;

/**
 * The undeploy of {@code DrainBehindRealProxyTest} (two Tomcat nodes behind real httpd, users
 * whose requests are each held 20 ms) repeated many times, run by hand under CPU load to count the rare failed
 * request (see docs/benchmarks.md). Not part of the suite (the name ends in neither Test nor Tests):
 * {@code -Dtest=DrainBehindHttpdRepeat}, with {@code -Drepeat.runs=N} (default 10),
 * {@code -Drepeat.users=N} (default 6, as the test) and {@code -Drepeat.sticky=N} of them keeping
 * their session (default 3, as the test; the more, the more requests reach the leaving node until
 * its STOP-APP, which comes after the 8 s session share). Prints one line per run
 * with each failure and when it was answered relative to the undeploy's start, then the totals, and
 * fails if any request failed.
 */
class DrainBehindHttpdRepeat {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void undeployOneOfTwoNodesRepeatedly() throws Exception {
        int runs = Integer.getInteger("repeat.runs", 10);
        int users = Integer.getInteger("repeat.users", 6);
        int sticky = Integer.getInteger("repeat.sticky", 3);
        List<String> failures = new ArrayList<>();
        long requests = 0;
        int failedRuns = 0;
        for (int i = 0; i < runs; i++) {
            RealProxy proxy = ProxyKind.HTTPD.start();
            ServingNode a = null;
            ServingNode b = null;
            try {
                a = NodeKind.TOMCAT.start("a", proxy.mcmpPort());
                b = NodeKind.TOMCAT.start("b", proxy.mcmpPort());
                BalancerClient clients = new BalancerClient(proxy);
                clients.assertRoutable("a", WAIT);
                clients.assertRoutable("b", WAIT);
                ServingNode leaving = a;
                try (ClientTraffic traffic = new ClientTraffic(proxy.proxyUri("/app/loop?hold=20"), 2_000_000)
                        .start(users, sticky)) {
                    traffic.assertServed(ClientTraffic.BEFORE, 100, WAIT, "a", "b");
                    Duration took = traffic.during("undeploying", leaving::undeployApp);
                    traffic.awaitServed(ClientTraffic.AFTER, "b", 300, WAIT);
                    traffic.stop();
                    requests += traffic.sent();
                    List<String> these = traffic.failures();
                    failedRuns += these.isEmpty() ? 0 : 1;
                    failures.addAll(these);
                    System.out.printf("run %d: undeploy took %d ms; %s; %s%n", i, took.toMillis(), traffic, these);
                }
            } finally {
                Cleanup.closeAll(a, b, proxy);
            }
        }
        System.out.printf("%d runs (%d of %d users sticky): %d with failures, %d failed of %d requests%n", runs,
                sticky, users, failedRuns, failures.size(), requests);
        assertEquals(List.of(), failures);
    }
}
