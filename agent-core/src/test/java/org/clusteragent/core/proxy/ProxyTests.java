package org.clusteragent.core.proxy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.clusteragent.core.fakeproxy.FakeProxy;
import org.clusteragent.spi.ProxyAddress;

/** Small helpers shared by the proxy tests. */
final class ProxyTests {

    static final Duration WAIT = Duration.ofSeconds(5);

    private ProxyTests() {
    }

    static ProxyAddress address(FakeProxy proxy) {
        return new ProxyAddress(proxy.host(), proxy.port(), proxy.tls());
    }

    /** Short timeouts, fast backoff, the given probe interval. */
    static ProxySettings settings(Duration probe) {
        return ProxySettings.builder().socketTimeout(Duration.ofSeconds(3)).probeInterval(probe)
                .userAgent("clusteragent-test").build();
    }

    static ProxySnapshot snapshot(ProxyRegistry registry, ProxyAddress proxy) {
        return registry.snapshot().stream().filter(s -> s.address().equals(proxy)).findFirst()
                .orElseThrow(() -> new AssertionError(proxy + " is not in the registry"));
    }

    /** Waits (bounded) until the proxy's lane is in the state; fails with the last snapshot otherwise. */
    static void awaitState(ProxyRegistry registry, ProxyAddress proxy, ProxyState state, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (snapshot(registry, proxy).state() != state) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("proxy " + proxy + " did not reach " + state + " within "
                        + timeout.toMillis() + " ms: " + snapshot(registry, proxy));
            }
            Thread.sleep(5);
        }
    }

    /** Live lane threads for these proxies (other tests' lanes in the same JVM are not counted). */
    static List<String> proxyThreads(ProxyAddress... proxies) {
        List<String> names = java.util.Arrays.stream(proxies)
                .map(p -> "clusteragent-proxy-" + p.host() + ":" + p.port()).collect(Collectors.toList());
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(names::contains).collect(Collectors.toList());
    }
}
