package org.clusteragent.boot;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.clusteragent.boot.app.TestApp;
import org.clusteragent.harness.UndertowBalancer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Test helpers: a {@link TestApp} node registered at a balancer, and a bounded request loop through the balancer. */
final class BootNodes {

    private BootNodes() {
    }

    /** Starts a node named {@code route} that registers at {@code balancer}, with extra properties. */
    static ConfigurableApplicationContext start(String route, UndertowBalancer balancer, String... extra) {
        List<String> properties = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
                "clusteragent.proxy-list=127.0.0.1:" + balancer.mcmpPort(), "clusteragent.advertise=false",
                "clusteragent.jvm-route=" + route));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(TestApp.class).properties(properties.toArray(String[]::new)).run();
    }

    /**
     * GETs {@code /hello} through the balancer from a few threads until stopped, at most
     * {@code maxRequests} in all; counts answers per node and records every failure.
     */
    static final class RequestLoop implements AutoCloseable {
        private final UndertowBalancer balancer;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger budget;
        private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new ArrayList<>();

        RequestLoop(UndertowBalancer balancer, int clients, int maxRequests) {
            this.balancer = balancer;
            this.budget = new AtomicInteger(maxRequests);
            for (int i = 0; i < clients; i++) {
                Thread t = new Thread(this::run, "test-request-loop-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void run() {
            while (running.get() && budget.decrementAndGet() >= 0) {
                try {
                    HttpResponse<String> reply = client.send(HttpRequest.newBuilder(balancer.proxyUri("/hello"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    if (reply.statusCode() == 200) {
                        answers.computeIfAbsent(reply.body(), k -> new AtomicInteger()).incrementAndGet();
                    } else {
                        failures.add(reply.statusCode() + " " + reply.body());
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }

        int answers(String route) {
            AtomicInteger n = answers.get(route);
            return n == null ? 0 : n.get();
        }

        /** Waits (polling, bounded) until {@code route} has answered at least {@code n} requests. */
        boolean awaitAnswers(String route, int n, Duration bound) throws InterruptedException {
            long deadline = System.nanoTime() + bound.toNanos();
            while (answers(route) < n) {
                if (System.nanoTime() - deadline > 0 || budget.get() <= 0) {
                    return false;
                }
                Thread.sleep(10);
            }
            return true;
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(15_000);
            }
        }

        @Override
        public String toString() {
            return "answers " + answers + ", failures " + failures.size() + " " + failures;
        }
    }
}
