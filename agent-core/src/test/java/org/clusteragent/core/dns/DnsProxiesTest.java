package org.clusteragent.core.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.clusteragent.spi.ProxyAddress;
import org.clusteragent.spi.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Names resolved by a scripted resolver, on a clock the test moves: no DNS server, no sleeping. */
class DnsProxiesTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final ProxyAddress ENTRY = new ProxyAddress("proxies.example.test", 6666, false);

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final ScriptedResolver resolver = new ScriptedResolver();
    private final Targets targets = new Targets();
    private final DnsProxies dns = new DnsProxies(List.of(ENTRY), resolver, targets, INTERVAL, now::get);
    private CapturedLog log;

    @BeforeEach
    void capture() {
        log = CapturedLog.capture();
    }

    @AfterEach
    void release() {
        log.close();
    }

    @Test
    void everyRecordIsAProxyWithTheEntrysPort() {
        resolver.answer("10.0.0.1", "10.0.0.2", "fd00::7");
        dns.tick();
        assertEquals(Set.of(proxy("10.0.0.1"), proxy("10.0.0.2"), proxy("fd00:0:0:0:0:0:0:7")), targets.present);
        assertEquals(targets.present, new HashSet<>(dns.proxies()));
        assertEquals(1, log.withId("CLAG2601").size(), log.toString());
    }

    @Test
    void resolvesAgainOnlyEveryInterval() {
        resolver.answer("10.0.0.1");
        dns.tick();
        later(INTERVAL.minusSeconds(1));
        dns.tick();
        assertEquals(1, resolver.calls);
        later(Duration.ofSeconds(1));
        resolver.answer("10.0.0.1", "10.0.0.3");
        dns.tick();
        assertEquals(2, resolver.calls);
        assertEquals(Set.of(proxy("10.0.0.1"), proxy("10.0.0.3")), targets.present);
    }

    @Test
    void aVanishedRecordIsDroppedAfterTwoResolutionsWithoutIt() {
        resolver.answer("10.0.0.1", "10.0.0.2");
        dns.tick();
        resolver.answer("10.0.0.1");
        round();
        assertTrue(targets.present.contains(proxy("10.0.0.2")), "missing once: kept");
        round();
        assertEquals(Set.of(proxy("10.0.0.1")), targets.present, "missing twice: dropped");
        assertEquals(List.of(proxy("10.0.0.2")), targets.removed);
    }

    @Test
    void aRecordBackAfterOneMissStartsCountingAgain() {
        resolver.answer("10.0.0.1", "10.0.0.2");
        dns.tick();
        resolver.answer("10.0.0.1");
        round();
        resolver.answer("10.0.0.1", "10.0.0.2");
        round();
        resolver.answer("10.0.0.1");
        round();
        assertTrue(targets.present.contains(proxy("10.0.0.2")));
        assertEquals(List.of(), targets.removed);
        assertEquals(2, targets.added.size(), "never re-added: it never left");
    }

    @Test
    void failuresKeepTheLastGoodSetAndAreLoggedOncePerOutage() {
        resolver.answer("10.0.0.1");
        dns.tick();
        resolver.fail();
        round();
        round();
        round();
        assertEquals(Set.of(proxy("10.0.0.1")), targets.present);
        assertEquals(1, log.withId("CLAG2602").size(), log.toString());
        resolver.answer("10.0.0.1");
        round();
        assertEquals(1, log.withId("CLAG2603").size(), log.toString());
        resolver.fail();
        round();
        assertEquals(2, log.withId("CLAG2602").size(), "a new outage is logged again");
        resolver.answer();
        round();
        assertEquals(Set.of(proxy("10.0.0.1")), targets.present, "no record at all is a failure, not a removal");
    }

    @Test
    void whenEveryProxyOfTheNameFailsItIsResolvedAtOnceButNotOverAndOver() {
        resolver.answer("10.0.0.1", "10.0.0.2");
        dns.tick();
        targets.failing.add(proxy("10.0.0.1"));
        later(Duration.ofSeconds(1));
        dns.tick();
        assertEquals(1, resolver.calls, "one failing proxy of two: wait for the interval");
        targets.failing.add(proxy("10.0.0.2"));
        resolver.answer("10.0.0.1", "10.0.0.2", "10.0.0.9");
        later(Duration.ofSeconds(1));
        dns.tick();
        assertEquals(2, resolver.calls, "all failing: resolved at once");
        assertTrue(targets.present.contains(proxy("10.0.0.9")));
        targets.failing.add(proxy("10.0.0.9"));
        later(Duration.ofSeconds(1));
        dns.tick();
        dns.tick();
        assertEquals(2, resolver.calls, "still failing: back to the interval");
        targets.failing.clear();
        dns.tick();
        targets.failing.addAll(targets.present);
        dns.tick();
        assertEquals(3, resolver.calls, "a new all-failing episode resolves at once again");
    }

    @Test
    void literalsAreNotNames() {
        assertFalse(DnsProxies.isHostName("10.1.2.3"));
        assertFalse(DnsProxies.isHostName("::1"));
        assertFalse(DnsProxies.isHostName("fe80::1%eth0"));
        assertTrue(DnsProxies.isHostName("localhost"));
        assertTrue(DnsProxies.isHostName("proxy.ns.svc.cluster.local"));
        assertTrue(DnsProxies.isHostName("10.1.2.3.nip.io"));
    }

    private void round() {
        later(INTERVAL);
        dns.tick();
    }

    private void later(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static ProxyAddress proxy(String ip) {
        return new ProxyAddress(ip, 6666, false);
    }

    private static final class ScriptedResolver implements ProxyResolver {
        private List<InetAddress> answer = List.of();
        private boolean failing;
        int calls;

        void answer(String... ips) {
            List<InetAddress> list = new ArrayList<>();
            for (String ip : ips) {
                try {
                    list.add(InetAddress.getByName(ip)); // literals: no lookup
                } catch (UnknownHostException e) {
                    throw new AssertionError(e);
                }
            }
            answer = list;
            failing = false;
        }

        void fail() {
            failing = true;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            assertEquals(ENTRY.host(), host);
            calls++;
            if (failing) {
                throw new UnknownHostException(host + ": SERVFAIL (scripted)");
            }
            return answer;
        }
    }

    private static final class Targets implements ProxyTargets {
        final Set<ProxyAddress> present = new LinkedHashSet<>();
        final List<ProxyAddress> added = new ArrayList<>();
        final List<ProxyAddress> removed = new ArrayList<>();
        final Set<ProxyAddress> failing = new HashSet<>();

        @Override
        public void add(ProxyAddress proxy) {
            present.add(proxy);
            added.add(proxy);
        }

        @Override
        public void remove(ProxyAddress proxy) {
            present.remove(proxy);
            removed.add(proxy);
        }

        @Override
        public boolean failing(ProxyAddress proxy) {
            return failing.contains(proxy);
        }
    }
}
