package org.clusteragent.demo;

/** The read side of the agent's MXBean, as the war sees it over JMX: same attribute names and types. */
public interface FakeAgentMXBean {

    String[] getNodes();

    String[] getLoadFactors();

    String getLoadExplanation();

    String[] getProxies();
}
