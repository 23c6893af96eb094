package org.clusteragent.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Everything one deployment of the demo shares between its servlets: who the node is, its live
 * sessions, the heap it holds, the CPU it burns and the loopback client. One instance per
 * ServletContext, stored as attribute {@link #ATTRIBUTE}; its threads start in
 * {@link #contextInitialized} and all stop in {@link #contextDestroyed}. Thread-safe.
 */
final class DemoNode implements ServletContextListener {

    static final String ATTRIBUTE = DemoNode.class.getName();
    static final String SELF_URL = "demo.selfUrl";

    private final NodeIdentity identity;
    private final SessionRegistry sessions;
    private final AgentView agent;
    private final CpuBurner cpu;
    private final Loopback loopback = new Loopback();
    private final Loopback.Target selfOverride;
    private final Map<Long, CountDownLatch> busyCalls = new ConcurrentHashMap<>();
    private final AtomicLong busyIds = new AtomicLong();
    private final AtomicInteger busyReserved = new AtomicInteger();
    private final AtomicInteger holding = new AtomicInteger();
    private ScheduledExecutorService scheduler;
    private HeapHolder heap;

    DemoNode(ServletContext context) {
        this.agent = AgentView.platform();
        this.identity = new NodeIdentity(context.getInitParameter(NodeIdentity.NODE_PROPERTY), System::getProperty, agent::agentRoutes);
        this.sessions = new SessionRegistry(identity);
        this.cpu = new CpuBurner(System::nanoTime, Limits.maxCpuThreads());
        String self = context.getInitParameter(SELF_URL);
        if (self == null || self.isBlank()) {
            self = System.getProperty(SELF_URL);
        }
        this.selfOverride = self == null || self.isBlank() ? null : Loopback.Target.parse(self);
    }

    static DemoNode of(ServletContext context) {
        return (DemoNode) context.getAttribute(ATTRIBUTE);
    }

    @Override
    public synchronized void contextInitialized(ServletContextEvent sce) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clusteragent-demo-release");
            t.setDaemon(true);
            return t;
        });
        heap = new HeapHolder(scheduler, Runtime.getRuntime().maxMemory());
        loopback.start();
        sce.getServletContext().log("clusteragent demo started; loopback target "
                + (selfOverride == null ? "(the connector of each request)" : selfOverride.url()));
    }

    @Override
    public synchronized void contextDestroyed(ServletContextEvent sce) {
        cpu.stop();
        loopback.stop();
        if (heap != null) {
            heap.releaseAll();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /**
     * Runs {@code task} on the demo's scheduler after {@code delayMillis}.
     *
     * @throws RejectedExecutionException when the application is not started
     */
    synchronized void schedule(Runnable task, long delayMillis) {
        if (scheduler == null || scheduler.isShutdown()) {
            throw new RejectedExecutionException("the demo application is not started");
        }
        scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    NodeIdentity identity() {
        return identity;
    }

    SessionRegistry sessions() {
        return sessions;
    }

    AgentView agent() {
        return agent;
    }

    CpuBurner cpu() {
        return cpu;
    }

    synchronized HeapHolder heap() {
        if (heap == null) {
            throw new BadRequest(503, "heap: the demo application is not started");
        }
        return heap;
    }

    Loopback loopback() {
        return loopback;
    }

    /** Where loopback calls go: {@code demo.selfUrl} if set, else the connector this request came in on. */
    Loopback.Target target(HttpServletRequest request) {
        if (selfOverride != null) {
            return selfOverride;
        }
        return new Loopback.Target(request.getLocalAddr(), request.getLocalPort(), request.getContextPath());
    }

    /** Reserves {@code n} busy holders against the node-wide limit; false when it would pass it. */
    boolean reserveBusy(int n) {
        while (true) {
            int now = busyReserved.get();
            if (now + n > Limits.MAX_BUSY_THREADS) {
                return false;
            }
            if (busyReserved.compareAndSet(now, now + n)) {
                return true;
            }
        }
    }

    void releaseBusy(int n) {
        busyReserved.addAndGet(-n);
    }

    int busyReserved() {
        return busyReserved.get();
    }

    long newBusyCall(CountDownLatch started) {
        long id = busyIds.incrementAndGet();
        busyCalls.put(id, started);
        return id;
    }

    void endBusyCall(long id) {
        busyCalls.remove(id);
    }

    /** Called by a holder when its request thread starts holding. */
    void holderStarted(String callId) {
        holding.incrementAndGet();
        if (callId == null) {
            return;
        }
        try {
            CountDownLatch latch = busyCalls.get(Long.parseLong(callId));
            if (latch != null) {
                latch.countDown();
            }
        } catch (NumberFormatException ignored) {
            // a hand-made call id: nobody waits for it
        }
    }

    void holderEnded() {
        holding.decrementAndGet();
    }

    /** Request threads holding right now. */
    int holding() {
        return holding.get();
    }
}
