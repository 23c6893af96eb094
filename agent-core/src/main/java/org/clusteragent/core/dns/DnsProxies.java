package org.clusteragent.core.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.clusteragent.core.agent.Threads;
import org.clusteragent.spi.ProxyAddress;
import org.jboss.logging.Logger;

/**
 * Proxies found by DNS: every {@code proxyList} entry that is a host name stands for all the
 * addresses it resolves to (a Kubernetes headless Service, a DNS round-robin name), each one a
 * proxy with the entry's port. A name is resolved at start, then every {@code proxyResolveInterval},
 * and at once when every proxy it gave is failing. A new record becomes a proxy at once; a record
 * that vanished is dropped after it has been missing from {@value NamedProxy#MISSES_TO_DROP}
 * resolutions in a row (one answer from one DNS server that forgot it is not enough). A failed
 * resolution keeps the last good set and is logged once per outage.
 *
 * <p>All resolutions run on one daemon thread ({@code clusteragent-dns}) started by {@link #start()}
 * and gone after {@link #stop()}, so a slow resolver never delays the container or a proxy lane.
 * {@link #tick()} does one round and is what tests call, with a scripted {@link ProxyResolver} and
 * clock. Thread-safe.
 */
public final class DnsProxies {

    private static final Logger LOG = Logger.getLogger(DnsProxies.class);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** How often the thread looks at failing proxies and due names. */
    static final long TICK_MILLIS = 1_000;

    private final List<NamedProxy> names = new ArrayList<>();
    private final ProxyResolver resolver;
    private final ProxyTargets targets;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private ScheduledExecutorService thread;
    private volatile List<ProxyAddress> current = List.of();

    /**
     * @param entries  proxyList entries that are host names (see {@link #isHostName})
     * @param interval time between two resolutions of one name
     */
    public DnsProxies(List<ProxyAddress> entries, ProxyResolver resolver, ProxyTargets targets, Duration interval,
                      LongSupplier nanoTime) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        for (ProxyAddress entry : entries) {
            NamedProxy name = new NamedProxy(entry);
            name.nextNanos = now;
            names.add(name);
        }
    }

    /** True for a host name, false for an IPv4 or IPv6 literal (which needs no resolution). */
    public static boolean isHostName(String host) {
        return host.indexOf(':') < 0 && !IPV4.matcher(host).matches();
    }

    /** Starts the resolving thread, which resolves every name at once. Nothing when there are no names. */
    public synchronized void start() {
        if (names.isEmpty() || thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(Threads.named("clusteragent-dns"));
        long period = Math.min(TICK_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(intervalNanos)));
        thread.scheduleWithFixedDelay(this::tickQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the thread (a resolution in progress ends by itself; the thread is a daemon). Idempotent. */
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /** The proxies the names stand for after the last round (never waits on a resolution). */
    public List<ProxyAddress> proxies() {
        return current;
    }

    /** One round: resolves every name that is due, or whose proxies all fail. */
    public synchronized void tick() {
        long now = nanoTime.getAsLong();
        for (NamedProxy name : names) {
            boolean allFailing = allFailing(name);
            if (!allFailing) {
                name.resolvedForFailure = false;
            }
            boolean due = now - name.nextNanos >= 0;
            if (due || (allFailing && !name.resolvedForFailure)) {
                if (allFailing) {
                    name.resolvedForFailure = true;
                }
                resolve(name);
                name.nextNanos = nanoTime.getAsLong() + intervalNanos;
            }
        }
        List<ProxyAddress> all = new ArrayList<>();
        names.forEach(name -> all.addAll(name.proxies()));
        current = List.copyOf(all);
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.errorf("CLAG2604: resolving proxy names failed unexpectedly: %s; trying again next round", e);
        }
    }

    private boolean allFailing(NamedProxy name) {
        var proxies = name.proxies();
        if (proxies.isEmpty()) {
            return false;
        }
        for (ProxyAddress proxy : proxies) {
            if (!targets.failing(proxy)) {
                return false;
            }
        }
        return true;
    }

    private void resolve(NamedProxy name) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(name.name());
            if (addresses == null || addresses.isEmpty()) {
                throw new UnknownHostException(name.name() + ": no address");
            }
        } catch (UnknownHostException | RuntimeException e) {
            if (!name.inOutage) {
                name.inOutage = true;
                LOG.warnf("CLAG2602: proxy name %s does not resolve (%s); keeping its last proxies %s and trying "
                        + "again every %d ms", name, e.getMessage(), name.proxies(),
                        TimeUnit.NANOSECONDS.toMillis(intervalNanos));
            }
            return;
        }
        if (name.inOutage) {
            name.inOutage = false;
            LOG.infof("CLAG2603: proxy name %s resolves again", name);
        }
        NamedProxy.Change change = name.resolved(addresses);
        if (!change.isEmpty()) {
            LOG.infof("CLAG2601: proxy name %s now stands for %s (added %s, dropped %s)", name, name.proxies(),
                    change.added(), change.dropped());
        }
        change.added().forEach(targets::add);
        change.dropped().forEach(targets::remove);
    }
}
