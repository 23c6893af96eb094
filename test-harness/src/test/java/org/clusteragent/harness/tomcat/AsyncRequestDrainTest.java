package org.clusteragent.harness.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.catalina.core.StandardContext;
import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.harness.testing.Cleanup;
import org.clusteragent.harness.testing.EmbeddedTomcatNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An asynchronous request (demo.war's {@code /async}: held 2 s by an AsyncContext, its container
 * thread given back at once) is counted by the Tomcat adapter until it completes: undeploying the
 * context while it runs waits for it, and it is answered with 200. The request goes to Tomcat's own
 * connector, not through the balancer, because the balancer's {@code Requests=} count in its STOP-APP
 * reply would hold the drain by itself: only the adapter's counter sees a request that no proxy
 * carried. The node is registered at Undertow's real balancer. Runs with Tomcat 10.1 and 11.
 */
@Timeout(90)
class AsyncRequestDrainTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void undeployWaitsForAnAsyncRequestWhichCompletesWith200() throws Exception {
        UndertowBalancer balancer = UndertowBalancer.builder().start();
        DemoWarTomcat node = null;
        try {
            var attributes = EmbeddedTomcatNode.attributesFor(balancer.mcmpPort());
            attributes.put("stopContextTimeout", "30");
            node = new DemoWarTomcat("async", attributes).start();
            StandardContext demo = node.deploy(null);
            // Tomcat's own wait for async requests at stop (unloadDelay, 2 s by default) would hide
            // whether the agent's drain waited: switch it off, the drain alone must hold the undeploy.
            demo.setUnloadDelay(0);
            assertTrue(balancer.awaitNode("async", n -> n.routes(DemoWarTomcat.PATH), WAIT).isPresent(),
                    () -> "/demo routable: " + balancer.nodes());

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> reply = client.sendAsync(
                    HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.port() + "/demo/async?seconds=2")).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (demo.getInProgressAsyncCount() == 0 && !reply.isDone()) {
                assertTrue(System.nanoTime() - deadline < 0, "the async request never started");
                Thread.sleep(5);
            }
            assertTrue(!reply.isDone(), "the async request is still running when the undeploy starts");

            node.undeploy(demo);
            // The drain returned only after the request completed, so its reply is on its way.
            HttpResponse<String> response = reply.get(5, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"async\":true"), response.body());
        } finally {
            Cleanup.closeAll(node, balancer);
        }
    }
}
