package org.clusteragent.harness.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.Test;

/**
 * The node life shared by Tomcat and Undertow nodes, on a container that only records what it is
 * asked: which operation each state allows, what a refusal says, the states and log lines.
 */
class ContainerNodeTest {

    private static final class RecordingNode extends ContainerNode {
        final List<String> calls = new ArrayList<>();
        boolean failNextStart;

        RecordingNode() throws IOException {
            super("rec-1", "recording", "Recording", ClusterSettings.builder().war(Path.of("demo.war")).build());
            registerThreads();
        }

        @Override
        protected int startContainer() throws IOException {
            calls.add("start");
            if (failNextStart) {
                failNextStart = false;
                throw new IOException("port taken");
            }
            return 4711;
        }

        @Override
        protected void stopContainer() {
            calls.add("stop");
        }

        @Override
        protected void undeployDemo() {
            calls.add("undeploy");
        }

        @Override
        protected void deployDemo() {
            calls.add("deploy");
        }

        @Override
        protected void releaseContainer() {
            calls.add("release");
        }

        @Override
        protected String threadPrefix() {
            return "rec-1-";
        }

        @Override
        protected ClassLoader webAppLoader() {
            return null;
        }
    }

    @Test
    void aNodeGoesThroughItsLifeAndLogsEachStepOnce() throws Exception {
        try (CapturedLog log = CapturedLog.capture("org.clusteragent.harness", java.util.logging.Level.ALL);
             RecordingNode node = new RecordingNode()) {
            assertEquals(ClusterNode.State.NEW, node.state());
            node.start();
            assertEquals(ClusterNode.State.RUNNING, node.state());
            assertEquals(4711, node.port());
            node.undeploy();
            assertEquals(ClusterNode.State.UNDEPLOYED, node.state());
            node.redeploy();
            node.stop();
            assertEquals(ClusterNode.State.STOPPED, node.state());
            node.start();
            assertEquals(List.of("start", "undeploy", "deploy", "stop", "start"), node.calls);
            assertEquals(List.of(
                    "CLAG8101: node rec-1 (Recording) serving on 127.0.0.1:4711",
                    "CLAG8104: demo undeployed from node rec-1 (Recording)",
                    "CLAG8105: demo deployed again on node rec-1 (Recording)",
                    "CLAG8103: node rec-1 (Recording) stopped",
                    "CLAG8101: node rec-1 (Recording) serving on 127.0.0.1:4711"), log.messages());
        }
    }

    @Test
    void anOperationTheStateDoesNotAllowIsRefusedSayingWhy() throws Exception {
        try (RecordingNode node = new RecordingNode()) {
            node.start();
            node.stop();
            assertEquals("node rec-1 is stopped: the demo can be undeployed only from a running node; start it first",
                    node.refusal(LocalCluster.Action.UNDEPLOY).orElseThrow());
            ContainerNode.RefusedException e = assertThrows(ContainerNode.RefusedException.class, node::undeploy);
            assertEquals(node.refusal(LocalCluster.Action.UNDEPLOY).orElseThrow(), e.getMessage());
            assertTrue(node.refusal(LocalCluster.Action.STOP).orElseThrow().contains("nothing to stop"));
            assertTrue(node.refusal(LocalCluster.Action.CPU).isPresent());
            assertTrue(node.refusal(LocalCluster.Action.REDEPLOY).isPresent());
            assertFalse(node.refusal(LocalCluster.Action.START).isPresent());
            assertEquals(List.of("start", "stop"), node.calls, "a refused operation does not reach the container");
            node.start();
            assertTrue(node.refusal(LocalCluster.Action.START).orElseThrow().contains("already"));
            assertTrue(node.refusal(LocalCluster.Action.REDEPLOY).orElseThrow().contains("it is deployed"));
        }
    }

    @Test
    void aFailedStartLeavesTheNodeFailedAndStartableAgain() throws Exception {
        try (CapturedLog log = CapturedLog.capture();
             RecordingNode node = new RecordingNode()) {
            node.failNextStart = true;
            assertThrows(IOException.class, node::start);
            assertEquals(ClusterNode.State.FAILED, node.state());
            assertEquals("CLAG8102: node rec-1 (Recording) failed to start: java.io.IOException: port taken",
                    log.one("CLAG8102"));
            node.start();
            assertEquals(ClusterNode.State.RUNNING, node.state());
        }
    }

    @Test
    void closeStopsARunningNodeReleasesItAndRemovesItsFolder() throws Exception {
        RecordingNode node = new RecordingNode();
        node.start();
        assertTrue(Files.isDirectory(node.baseDir));
        assertTrue(NodeThreads.known("rec-1"));
        node.close();
        node.close();
        assertEquals(List.of("start", "stop", "release"), node.calls, "close is idempotent");
        assertEquals(ClusterNode.State.STOPPED, node.state());
        assertFalse(Files.exists(node.baseDir));
        assertFalse(NodeThreads.known("rec-1"));
        assertThrows(ContainerNode.RefusedException.class, node::start);
    }
}
