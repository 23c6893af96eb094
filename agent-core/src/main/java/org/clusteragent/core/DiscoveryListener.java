package org.clusteragent.core;

import java.util.List;
import java.util.Set;

import org.clusteragent.core.agent.AgentLog;
import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.ProxyDiscovery;

/**
 * Applies what proxy discovery reports to the agent's proxies: a found proxy is added (and told
 * everything), a restarted one is told everything again, a lost one is removed unless it is also
 * in the static proxyList. Thread-safe; never throws into the discovery's thread.
 */
final class DiscoveryListener implements ProxyDiscovery.Listener {

    private final ClusterAgent agent;
    private final Set<ProxyAddress> staticProxies;

    DiscoveryListener(ClusterAgent agent, List<ProxyAddress> staticProxies) {
        this.agent = agent;
        this.staticProxies = Set.copyOf(staticProxies);
    }

    @Override
    public void proxyFound(ProxyAddress proxy) {
        try {
            AgentLog.proxyDiscovered(proxy.toString());
            agent.proxyRegistry().ifPresent(proxies -> proxies.add(proxy));
        } catch (RuntimeException e) {
            AgentLog.eventFailed("proxyFound " + proxy, e);
        }
    }

    @Override
    public void proxyRestarted(ProxyAddress proxy) {
        try {
            agent.proxyRegistry().ifPresent(proxies -> proxies.restarted(proxy));
        } catch (RuntimeException e) {
            AgentLog.eventFailed("proxyRestarted " + proxy, e);
        }
    }

    @Override
    public void proxyLost(ProxyAddress proxy) {
        try {
            boolean keep = staticProxies.contains(proxy);
            AgentLog.proxyLost(proxy.toString(), keep);
            if (!keep) {
                agent.proxyRegistry().ifPresent(proxies -> proxies.remove(proxy));
            }
        } catch (RuntimeException e) {
            AgentLog.eventFailed("proxyLost " + proxy, e);
        }
    }
}
