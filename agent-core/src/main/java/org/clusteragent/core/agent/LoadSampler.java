package org.clusteragent.core.agent;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.clusteragent.spi.Engine;
import org.clusteragent.spi.LoadFactorProvider;

/**
 * Asks the {@link LoadFactorProvider} for a load factor within a time budget, so that a metric
 * that throws anything, hangs or is slow can never hold the caller (the status thread, a
 * container thread at start), a lock of the agent or its stop. The provider runs on one thread of
 * its own, {@code clusteragent-load} (a daemon, started on the first sample), so it is still
 * called by one thread at a time as the SPI promises. When the provider fails, does not answer
 * within the budget, or is still busy with an earlier sample, the engine's previous factor is
 * returned (1, the least attractive load, before any); that is logged once per outage, and once
 * when a sample succeeds again. A provider stuck for good keeps its thread (a daemon) but nothing
 * else: every later sample returns at once. {@link #close()} never waits. Thread-safe.
 */
public final class LoadSampler implements AutoCloseable {

    /** The factor reported for an engine whose provider never answered: busiest but serving. */
    static final int NO_FACTOR_YET = 1;

    private final LoadFactorProvider provider;
    private final long budgetNanos;
    private final Map<String, Integer> previous = new ConcurrentHashMap<>();
    private ExecutorService executor;
    private volatile Thread loadThread;
    private volatile Future<Integer> pending;
    /** Failed samples in the current outage; 0 while the provider answers. Guarded by this. */
    private long failedSamples;

    public LoadSampler(LoadFactorProvider provider, Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be positive: " + budget);
        }
        this.provider = provider;
        this.budgetNanos = budget.toNanos();
    }

    /** The budget for {@code statusInterval}: half the period, at most 2 s. */
    public static Duration budgetFor(Duration statusInterval) {
        Duration half = statusInterval.dividedBy(2);
        Duration max = Duration.ofSeconds(2);
        return half.compareTo(max) > 0 ? max : half.isZero() ? Duration.ofNanos(1) : half;
    }

    /** The engine's load factor, or its previous one when the provider cannot give it in time. */
    public int loadFactor(Engine engine) {
        Future<Integer> earlier = pending;
        if (earlier != null && !earlier.isDone()) {
            return failed(engine, () -> "the load provider is still busy with an earlier sample" + where());
        }
        Future<Integer> sample;
        try {
            sample = executor().submit(() -> provider.loadFactor(engine));
        } catch (RejectedExecutionException e) {
            return previous(engine); // closed: the agent is stopping
        }
        pending = sample;
        try {
            int factor = sample.get(budgetNanos, TimeUnit.NANOSECONDS);
            previous.put(engine.name(), factor);
            recovered(engine);
            return factor;
        } catch (TimeoutException e) {
            return failed(engine, () -> "the load provider did not answer within "
                    + TimeUnit.NANOSECONDS.toMillis(budgetNanos) + " ms" + where());
        } catch (ExecutionException e) {
            // Whatever the provider threw, even an Error, was thrown on the load thread, whose stack
            // is unwound by now: it is a failed sample, not a reason to stop reporting.
            return failed(engine, () -> "the load provider threw " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return previous(engine);
        }
    }

    /** Stops the load thread without waiting for it; a later sample starts a new one. */
    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private synchronized ExecutorService executor() {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(task -> {
                Thread t = Threads.named("clusteragent-load").newThread(task);
                loadThread = t;
                return t;
            });
        }
        return executor;
    }

    private int previous(Engine engine) {
        return previous.getOrDefault(engine.name(), NO_FACTOR_YET);
    }

    private int failed(Engine engine, Supplier<String> why) {
        int factor = previous(engine);
        boolean first;
        synchronized (this) {
            first = failedSamples++ == 0;
        }
        if (first) {
            AgentLog.loadUnavailable(engine.name(), why.get(), factor);
        }
        return factor;
    }

    private void recovered(Engine engine) {
        long failed;
        synchronized (this) {
            failed = failedSamples;
            failedSamples = 0;
        }
        if (failed > 0) {
            AgentLog.loadAvailable(engine.name(), failed);
        }
    }

    /** Where the load thread is, so the operator sees which metric hangs. */
    private String where() {
        Thread t = loadThread;
        if (t == null) {
            return "";
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            String c = frame.getClassName();
            if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")
                    && !c.equals(LoadSampler.class.getName()) && !c.startsWith(LoadSampler.class.getName() + "$")) {
                return " (it is in " + frame + ")";
            }
        }
        return "";
    }
}
