package org.clusteragent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A rolling restart of one of two Boot nodes behind Undertow's real balancer, under a request
 * loop: the node drains and leaves before its Tomcat stops accepting, comes back with a new port,
 * and no request fails.
 */
class RollingRestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final UndertowBalancer balancer = UndertowBalancer.builder().start();
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    @AfterEach
    void tearDown() {
        for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] {a, b}) {
            if (app != null) {
                app.close();
            }
        }
        balancer.stop();
    }

    @Test
    void restartingOneNodeUnderLoadFailsNoRequest() throws Exception {
        a = BootNodes.start("boot-a", balancer);
        b = BootNodes.start("boot-b", balancer);
        for (String route : new String[] {"boot-a", "boot-b"}) {
            assertTrue(balancer.awaitNode(route, n -> n.routes("/"), WAIT).isPresent(), () -> route + ": " + balancer.nodes());
        }
        try (BootNodes.RequestLoop load = new BootNodes.RequestLoop(balancer, 4, 100_000)) {
            assertTrue(load.awaitAnswers("boot-a", 20, WAIT) && load.awaitAnswers("boot-b", 20, WAIT), load::toString);

            a.close();
            a = null;
            assertTrue(balancer.node("boot-a").isEmpty(), () -> "boot-a left before its context closed: " + balancer.nodes());
            int bBefore = load.answers("boot-b");
            assertTrue(load.awaitAnswers("boot-b", bBefore + 20, WAIT), "boot-b serves alone: " + load);

            int aBefore = load.answers("boot-a");
            a = BootNodes.start("boot-a", balancer);
            assertTrue(balancer.awaitNode("boot-a", n -> n.routes("/"), WAIT).isPresent(), () -> "boot-a back: " + balancer.nodes());
            assertTrue(load.awaitAnswers("boot-a", aBefore + 20, WAIT), "the restarted boot-a serves again: " + load);
            load.close();
            assertEquals(0, load.failures().size(), load.toString());
        }
    }
}
