package org.clusteragent.core.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.clusteragent.core.mcmp.AppRequest;
import org.clusteragent.core.mcmp.ConfigRequest;
import org.clusteragent.core.mcmp.InfoRequest;
import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpReply.InfoReply;
import org.clusteragent.core.mcmp.McmpReplyParser;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.mcmp.RawReply;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.spi.Connector;
import org.clusteragent.spi.testing.FakeEngine;
import org.clusteragent.spi.testing.FakeHost;
import org.clusteragent.spi.testing.FakeServer;
import org.junit.jupiter.api.Test;

/** INFO as httpd prints it, compared with the desired state. */
class DriftRepairTest {

    private static final String NODE1 = "Node: [1],Name: node1,Balancer: mycluster,LBGroup: ,Host: 127.0.0.1,"
            + "Port: 8080,Type: http,Flushpackets: Off,Flushwait: 10,Ping: 10,Smax: 26,Ttl: 60,Elected: 0,"
            + "Read: 0,Transfered: 0,Connected: 0,Load: 80\n"
            + "Vhost: [1:1:1], Alias: localhost\n";

    private final NodeModel node;
    private final FakeHost host;

    DriftRepairTest() {
        FakeEngine engine = new FakeServer().engine("Catalina");
        Connector connector = engine.connector("127.0.0.1", 8080, Connector.Type.HTTP);
        host = engine.host("localhost");
        node = new NodeModel(engine, "node1", connector);
        node.lastLoad(77);
    }

    private static InfoReply info(String body) {
        RawReply raw = new RawReply(200, "OK", List.of(), body.getBytes(StandardCharsets.UTF_8));
        return assertInstanceOf(InfoReply.class, new McmpReplyParser().parse(new InfoRequest(), raw));
    }

    private DriftRepair.Plan plan(String body) {
        return DriftRepair.plan(node, info(body), n -> ConfigRequest.builder("node1", "127.0.0.1", 8080, "http").build());
    }

    private static List<String> describe(List<McmpRequest> commands) {
        List<String> result = new ArrayList<>();
        for (McmpRequest r : commands) {
            result.add(r instanceof AppRequest a ? a.command().wireName() + " " + a.context() : r.command().wireName());
        }
        return result;
    }

    @Test
    void inSyncMeansNothingToSend() {
        node.put(host.context("/demo"), AppState.ENABLED);
        DriftRepair.Plan plan = plan(NODE1 + "Context: [1:1:1], Context: /demo, Status: ENABLED\n");
        assertTrue(plan.isEmpty(), plan.mismatches().toString());
        assertTrue(plan.commands().isEmpty());
    }

    @Test
    void unknownNodeGetsEverything() {
        node.put(host.context("/demo"), AppState.DISABLED);
        DriftRepair.Plan plan = plan("");
        assertEquals(List.of("node node1 is unknown"), plan.mismatches());
        assertEquals(List.of("CONFIG", "DISABLE-APP /demo", "STATUS"), describe(plan.commands()));
        assertEquals(77, ((StatusRequest) plan.commands().get(2)).load());
    }

    @Test
    void aNodeEmptiedBySomeoneElsesRemoveAppStarIsConfiguredBeforeItsContexts() {
        // httpd after REMOVE-APP /*: the node line stays (its slot is kept), its vhosts and contexts are gone
        node.put(host.context("/demo"), AppState.ENABLED);
        node.put(host.context("/shop"), AppState.DISABLED);
        String removed = NODE1.substring(0, NODE1.indexOf("Vhost:"));
        DriftRepair.Plan plan = plan(removed);
        assertEquals(List.of("node node1 has none of its 2 contexts [localhost/demo, localhost/shop] (removed by someone else?)"), plan.mismatches());
        assertEquals(List.of("CONFIG", "ENABLE-APP /demo", "DISABLE-APP /shop", "STATUS"), describe(plan.commands()));
    }

    @Test
    void missingContextWrongStatusAndStaleContextAreRepairedOneByOne() {
        node.put(host.context("/demo"), AppState.ENABLED);
        node.put(host.context("/shop"), AppState.ENABLED);
        node.put(host.context(""), AppState.STOPPED);
        DriftRepair.Plan plan = plan(NODE1
                + "Context: [1:1:1], Context: /shop, Status: DISABLED\n"
                + "Context: [1:1:2], Context: /, Status: STOPPED\n"
                + "Context: [1:1:3], Context: /old, Status: ENABLED\n"
                + "Context: [1:1:4], Context: /gone, Status: REMOVED\n");
        assertEquals(List.of(
                "context localhost/demo is missing (expected ENABLED)",
                "context localhost/shop is DISABLED, expected ENABLED",
                "context localhost/old is stale (ENABLED)"), plan.mismatches());
        assertEquals(List.of("ENABLE-APP /demo", "ENABLE-APP /shop", "REMOVE-APP /old"), describe(plan.commands()));
        assertEquals(McmpCommand.REMOVE_APP, plan.commands().get(2).command());
    }

    @Test
    void aNodeWithAnotherTypeOrPortIsReportedNotOverwritten() {
        DriftRepair.Plan plan = plan(NODE1.replace("Port: 8080,Type: http", "Port: 9090,Type: ajp"));
        assertEquals(2, plan.mismatches().size(), plan.mismatches().toString());
        assertTrue(plan.commands().isEmpty());
    }
}
