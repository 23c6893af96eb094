package org.clusteragent.boot.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tests' Boot application: {@code /hello} answers the node's configured jvmRoute, {@code /hold}
 * answers only once {@link Gate#release()} is called (for requests in flight during a drain).
 */
@SpringBootApplication
public class TestApp {

    public static void main(String[] args) {
        SpringApplication.run(TestApp.class, args);
    }

    /** Holds {@code /hold} requests until released. One per JVM; tests reset it. */
    public static final class Gate {
        private static volatile CountDownLatch entered = new CountDownLatch(1);
        private static volatile CountDownLatch release = new CountDownLatch(1);

        public static void reset() {
            entered = new CountDownLatch(1);
            release = new CountDownLatch(1);
        }

        public static boolean awaitEntered() throws InterruptedException {
            return entered.await(20, TimeUnit.SECONDS);
        }

        public static void release() {
            release.countDown();
        }

        static void pass() throws InterruptedException {
            entered.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("/hold was not released within 30 s");
            }
        }
    }

    @RestController
    static class Endpoints {
        @Value("${clusteragent.jvm-route:none}")
        private String route;

        @GetMapping("/hello")
        String hello() {
            return route;
        }

        @GetMapping("/hold")
        String hold() throws InterruptedException {
            Gate.pass();
            return route;
        }
    }
}
