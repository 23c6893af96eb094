package org.clusteragent.core.agent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.clusteragent.core.config.AgentConfig;
import org.clusteragent.core.mcmp.InfoRequest;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.core.mcmp.StatusRequest;
import org.clusteragent.core.proxy.ProxyRegistry;
import org.clusteragent.core.proxy.ProxySnapshot;
import org.clusteragent.core.proxy.ProxyState;
import org.clusteragent.spi.LoadFactorProvider;
import org.clusteragent.spi.ProxyAddress;

/**
 * The periodic part of the agent: STATUS with each node's load factor (or -1 while its connector
 * cannot serve) for each node the supplier gives (none once the agent is leaving) every statusInterval, on its own thread {@code clusteragent-status} unless the
 * container drives the tick; and every repairInterval ticks, an INFO from each OK proxy compared
 * with the desired state, sending only what repairs the difference. Thread-safe. The load provider
 * is called through a {@link LoadSampler} with a budget of half the status interval (at most 2 s):
 * a metric that throws, hangs or is slow never holds a tick, a lock or {@link #stop()}, and the
 * node keeps reporting its previous factor meanwhile.
 */
public final class StatusReporter {

    private final Supplier<List<NodeModel>> nodes;
    private final LoadSampler loadSampler;
    private final AgentConfig config;
    private final Supplier<ProxyRegistry> registry;
    private final AtomicLong ticks = new AtomicLong();
    private final LocalAddresses localAddresses;
    /** INFO replies come in on the lanes and wait here for the ticking thread, which plans their repairs. */
    private final Queue<Runnable> repairs = new ConcurrentLinkedQueue<>();
    private volatile ScheduledExecutorService ticker;

    public StatusReporter(Supplier<List<NodeModel>> nodes, LoadFactorProvider loadProvider, AgentConfig config,
                          Supplier<ProxyRegistry> registry) {
        this(nodes, loadProvider, config, registry, new LocalAddresses());
    }

    public StatusReporter(Supplier<List<NodeModel>> nodes, LoadFactorProvider loadProvider, AgentConfig config,
                          Supplier<ProxyRegistry> registry, LocalAddresses localAddresses) {
        this.localAddresses = localAddresses;
        this.nodes = nodes;
        this.loadSampler = new LoadSampler(loadProvider, LoadSampler.budgetFor(config.statusInterval()));
        this.config = config;
        this.registry = registry;
    }

    /**
     * Computes and remembers a node's load factor: -1 while its connector cannot serve. Takes no
     * lock, so a stop never waits for a metric; returns within the load budget.
     */
    public int refreshLoad(NodeModel node) {
        int load;
        boolean available = node.connector().isAvailable();
        if (node.connectorAvailable(available) && !available) {
            AgentLog.connectorUnavailable(node.jvmRoute()); // once per outage, not every tick
        }
        if (!available) {
            load = -1;
        } else {
            load = loadSampler.loadFactor(node.engine());
        }
        node.lastLoad(load);
        return load;
    }

    /** Sends STATUS for one node to every proxy, then counts the tick towards drift repair. */
    public void report(NodeModel node) {
        ProxyRegistry proxies = registry.get();
        int load = refreshLoad(node);
        if (proxies != null) {
            proxies.broadcast(new StatusRequest(node.jvmRoute(), load));
        }
    }

    /**
     * One tick for every node (the agent's own schedule). Throws nothing but a
     * {@link VirtualMachineError}: anything else would end the schedule for good, silently.
     */
    public void tick() {
        try {
            for (NodeModel node : nodes.get()) {
                report(node);
            }
            ticked();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            AgentLog.statusFailed(e);
        }
    }

    /**
     * Counts a tick: first repairs what the INFO replies of the last round showed, when the container
     * drives the tick (with the agent's own schedule they are repaired on its thread as they come;
     * never on a lane), then, every repairInterval ticks, asks each OK proxy for INFO.
     */
    public void ticked() {
        for (Runnable repair; (repair = repairs.poll()) != null; ) {
            repair.run();
        }
        int every = config.repairInterval();
        ProxyRegistry proxies = registry.get();
        if (every <= 0 || ticks.incrementAndGet() % every != 0 || proxies == null || nodes.get().isEmpty()) {
            return; // no node (the agent is leaving): nothing to check
        }
        for (ProxySnapshot snapshot : proxies.snapshot()) {
            if (snapshot.state() == ProxyState.OK) {
                ProxyAddress proxy = snapshot.address();
                Map<NodeModel, Long> versions = new HashMap<>();
                nodes.get().forEach(n -> versions.put(n, n.version()));
                proxies.send(proxy, new InfoRequest()).thenAccept(reply -> {
                    if (reply instanceof McmpReply.InfoReply info) {
                        planRepair(() -> repair(proxies, proxy, info, versions));
                    }
                });
            }
        }
    }

    /** On the status thread at once when the agent ticks by itself, else at the container's next tick. */
    private void planRepair(Runnable repair) {
        ScheduledExecutorService t = ticker;
        if (t != null) {
            try {
                t.execute(repair);
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // stopping: no repair any more
            }
        }
        repairs.add(repair);
    }

    /**
     * Repairs each node whose desired state did not change since INFO was sent: a change in between
     * makes INFO stale for that node (its commands were queued behind the INFO anyway), and the
     * next round looks again. The plan is made outside the node's lock (it may need the local
     * address towards the proxy); the fixes are queued under it, after checking the version again,
     * so no newer change can be overtaken by an older fix. A repair that fails is logged, and the
     * next round tries again.
     */
    private void repair(ProxyRegistry proxies, ProxyAddress proxy, McmpReply.InfoReply info,
                        Map<NodeModel, Long> versions) {
        for (NodeModel node : nodes.get()) {
            Long seen = versions.get(node);
            if (seen == null || seen != node.version()) {
                continue;
            }
            try {
                DriftRepair.Plan plan = DriftRepair.plan(node, info,
                        n -> NodeConfigs.configFor(n, config, proxy, localAddresses));
                if (plan.isEmpty()) {
                    continue;
                }
                node.announce(() -> {
                    if (seen != node.version()) {
                        return null; // changed while planning: the next round looks again
                    }
                    for (String mismatch : plan.mismatches()) {
                        AgentLog.drift(proxy.toString(), mismatch);
                    }
                    for (McmpRequest fix : plan.commands()) {
                        proxies.send(proxy, fix);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                AgentLog.repairFailed(proxy.toString(), node.jvmRoute(), e);
            }
        }
    }

    /** Starts the agent's own schedule, unless processStatusFrequency hands the tick to the container. */
    public synchronized void start() {
        if (config.processStatusFrequency().isPresent() || ticker != null) {
            return;
        }
        long periodNanos = config.statusInterval().toNanos();
        ticker = Executors.newSingleThreadScheduledExecutor(Threads.named("clusteragent-status"));
        ticker.scheduleAtFixedRate(this::tick, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Stops the schedule and the load thread without waiting for either: the status thread is gone
     * soon after its current tick, which ends within the load budget.
     */
    public synchronized void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        loadSampler.close();
    }
}
