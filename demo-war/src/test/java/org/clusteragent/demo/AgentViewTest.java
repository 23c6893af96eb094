package org.clusteragent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.junit.jupiter.api.Test;

class AgentViewTest {

    // Not the platform server: each test starts empty, and newMBeanServer keeps no global reference.
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final AgentView view = new AgentView(server);

    private ObjectName register(String node, String[] factors, String explanation) throws JMException {
        FakeAgentMXBean bean = new FakeAgentMXBean() {
            @Override
            public String[] getNodes() {
                return new String[] {node + " connector=http:8080 /demo=ENABLED"};
            }

            @Override
            public String[] getLoadFactors() {
                return factors;
            }

            @Override
            public String getLoadExplanation() {
                return explanation;
            }

            @Override
            public String[] getProxies() {
                return new String[] {"127.0.0.1:6666 state=OK id=7"};
            }
        };
        ObjectName name = new ObjectName("org.clusteragent:type=ClusterAgent,node=" + ObjectName.quote(node));
        server.registerMBean(new StandardMBean(bean, FakeAgentMXBean.class, true), name);
        return name;
    }

    @Test
    void absentWhenNoAgentIsRegistered() {
        assertNull(view.pick("node1"));
        assertEquals(List.of(), view.agentRoutes());
        assertEquals("{\"agent\":\"absent\",\"jvmRoute\":\"node1\",\"reason\":\"no MBean matches org.clusteragent:type=ClusterAgent,* on the platform MBeanServer\"}",
                AgentView.absentJson("node1"));
    }

    @Test
    void readsTheAttributesAndWritesJson() throws JMException {
        ObjectName name = register("node1", new String[] {"node1=87"}, "node1: factor 87\n  heap \"x\"\n");
        assertEquals(List.of("node1"), view.agentRoutes());
        assertEquals(name, view.pick("node1"));
        String json = AgentView.toJson("node1", 1, view.read(name));
        assertEquals("{\"agent\":\"present\",\"jvmRoute\":\"node1\",\"objectName\":\"org.clusteragent:node=\\\"node1\\\",type=ClusterAgent\","
                + "\"agentCount\":1,\"loadFactors\":[{\"node\":\"node1\",\"factor\":87}],"
                + "\"explanation\":\"node1: factor 87\\n  heap \\\"x\\\"\\n\","
                + "\"proxies\":[\"127.0.0.1:6666 state=OK id=7\"],\"nodes\":[\"node1 connector=http:8080 /demo=ENABLED\"]}", json);
    }

    @Test
    void picksTheAgentServingTheRouteAmongSeveral() throws JMException {
        register("a", new String[] {"a=1"}, "");
        ObjectName both = register("b+c", new String[] {"b=2", "c=3"}, "");
        assertEquals(List.of("a", "b+c"), view.agentRoutes());
        assertEquals(both, view.pick("c"));
        assertEquals("a", AgentView.nodeKey(view.pick("zzz")), "no match: the first by name");
        assertEquals("a", AgentView.nodeKey(view.pick(null)));
    }

    @Test
    void loadFactorLines() {
        assertEquals("{\"node\":\"node1\",\"factor\":87}", AgentView.loadFactor("node1=87").toString());
        assertEquals("{\"node\":\"n=x\",\"factor\":-1}", AgentView.loadFactor("n=x=-1").toString());
        assertEquals("{\"node\":\"n\",\"factor\":null}", AgentView.loadFactor("n=?").toString());
        assertEquals("{\"node\":\"garbage\",\"factor\":null}", AgentView.loadFactor("garbage").toString());
    }

    @Test
    void readingAVanishedAgentFails() throws JMException {
        ObjectName name = register("gone", new String[0], "");
        server.unregisterMBean(name);
        assertThrows(JMException.class, () -> view.read(name));
    }
}
