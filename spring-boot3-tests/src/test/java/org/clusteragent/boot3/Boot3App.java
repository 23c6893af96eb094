package org.clusteragent.boot3;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Spring Boot 3.5 application: {@code /hello} answers the jvmRoute, {@code /hold} waits for {@link #release()}. */
@SpringBootApplication
public class Boot3App {

    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    static void reset() {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    static void release() {
        release.countDown();
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
            entered.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("/hold was not released within 30 s");
            }
            return route;
        }
    }
}
