package org.clusteragent.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.util.ServerInfo;
import org.clusteragent.spi.Context;
import org.clusteragent.spi.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SPI views read the live Tomcat: connectors, counters, sessions, in-flight requests, jvmRoute. */
@Timeout(60)
class TomcatViewsTest {

    private final RecordingHandler handler = new RecordingHandler();

    @Test
    void runsOnTheTomcatVersionThisTestExecutionIsFor() {
        String expected = System.getProperty("clusteragent.expectedTomcat");
        if (expected != null) {
            assertEquals(expected, ServerInfo.getServerNumber().substring(0, expected.length()),
                    "surefire execution runs on " + ServerInfo.getServerInfo());
        }
    }

    @Test
    void connectorViewsShowBoundPortAddressTypeAndThreads() throws Exception {
        try (TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/app");
            Connector ajp = new Connector("AJP/1.3");
            ajp.setPort(0);
            ajp.setProperty("address", "127.0.0.1");
            ajp.setProperty("secretRequired", "false");
            fixture.tomcat.getService().addConnector(ajp);
            fixture.tomcat.getServer().addLifecycleListener(new ClusterListener(p -> handler));
            fixture.start();

            List<org.clusteragent.spi.Connector> connectors = handler.server.engines().get(0).connectors();
            assertEquals(2, connectors.size());
            org.clusteragent.spi.Connector http = connectors.get(0);
            assertEquals(fixture.port(), http.port());
            assertTrue(http.port() > 0);
            assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), http.address());
            assertEquals(org.clusteragent.spi.Connector.Type.HTTP, http.type());
            assertTrue(http.isAvailable());
            assertEquals(200, http.maxThreads(), "Tomcat's default maxThreads");

            org.clusteragent.spi.Connector ajpView = connectors.get(1);
            assertEquals(org.clusteragent.spi.Connector.Type.AJP, ajpView.type());
            assertEquals(ajp.getLocalPort(), ajpView.port());
            assertTrue(ajpView.port() > 0 && ajpView.port() != http.port());
            assertTrue(ajpView.isAvailable());

            ajp.pause();
            assertFalse(ajpView.isAvailable(), "a paused connector is not available");
        }
    }

    @Test
    void connectorViewUsesPortOffsetBeforeBindingAndDetectsHttps() {
        // server.xml's portOffset reaches connectors through Tomcat's digester (see ServerXmlTest).
        Connector connector = new Connector();
        connector.setPort(8080);
        connector.setPortOffset(100);
        TomcatConnector view = new TomcatConnector(connector);
        assertEquals(8180, view.port());
        assertEquals(Optional.empty(), view.address(), "no address attribute: all interfaces");
        assertEquals(org.clusteragent.spi.Connector.Type.HTTP, view.type());
        assertFalse(view.isAvailable(), "not started");

        connector.setProperty("SSLEnabled", "true");
        assertEquals(org.clusteragent.spi.Connector.Type.HTTPS, view.type());
        Connector proxied = new Connector();
        proxied.setSecure(true);
        proxied.setScheme("https");
        assertEquals(org.clusteragent.spi.Connector.Type.HTTPS, new TomcatConnector(proxied).type());
        Connector wildcard = new Connector();
        wildcard.setProperty("address", "0.0.0.0");
        assertEquals(Optional.empty(), new TomcatConnector(wildcard).address());
    }

    @Test
    void countersMoveWithRealRequests() throws Exception {
        try (TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/app");
            fixture.tomcat.getServer().addLifecycleListener(new ClusterListener(p -> handler));
            fixture.start();
            Engine engine = handler.server.engines().get(0);
            long requestsBefore = engine.requestCount();
            long sentBefore = engine.bytesSent();
            long receivedBefore = engine.bytesReceived();

            for (int i = 0; i < 5; i++) {
                assertEquals("ok /app", fixture.get("/app/x").body());
            }
            String body = "x".repeat(1000);
            assertEquals(200, fixture.post("/app/upload", body).statusCode());

            TomcatFixture.await("6 requests counted", () -> engine.requestCount() >= requestsBefore + 6);
            assertTrue(engine.bytesSent() >= sentBefore + 6 * "ok /app".length(), "bytes sent " + engine.bytesSent());
            assertTrue(engine.bytesReceived() >= receivedBefore + body.length(),
                    "bytes received " + engine.bytesReceived());
        }
    }

    @Test
    void inFlightRequestsAndBusyThreadsAreCountedWhileAServletWorks() throws Exception {
        try (TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/app");
            fixture.deploy("/other");
            fixture.tomcat.getServer().addLifecycleListener(new ClusterListener(p -> handler));
            fixture.start();
            List<Context> contexts = handler.server.engines().get(0).hosts().get(0).contexts();
            Context app = contexts.stream().filter(c -> c.path().equals("/app")).findFirst().orElseThrow();
            Context other = contexts.stream().filter(c -> c.path().equals("/other")).findFirst().orElseThrow();
            org.clusteragent.spi.Connector connector = handler.server.engines().get(0).connectors().get(0);
            assertEquals(0, app.activeRequests());
            var mbeans = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            assertTrue(mbeans.queryNames(new javax.management.ObjectName("*:type=Valve,*"), null).size() > 0,
                    "Tomcat registers its own valves with JMX");
            assertEquals(java.util.Set.of(), mbeans.queryNames(new javax.management.ObjectName("*:type=Valve,name=InFlightRequestValve,*"), null),
                    "the counting valve is not registered (an MBean per context cost every deployment)");

            CompletableFuture<HttpResponse<String>> slow1 = fixture.client.sendAsync(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + fixture.port() + "/app/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> slow2 = fixture.client.sendAsync(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + fixture.port() + "/app/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            TomcatFixture.await("2 in-flight requests", () -> app.activeRequests() == 2);
            assertEquals(0, other.activeRequests());
            assertTrue(connector.busyThreads() >= 2, "busy threads " + connector.busyThreads());
            java.util.concurrent.atomic.AtomicInteger idleSeenAt = new java.util.concurrent.atomic.AtomicInteger(-1);
            java.util.concurrent.CountDownLatch idle = new java.util.concurrent.CountDownLatch(1);
            Runnable listener = () -> {
                idleSeenAt.set(app.activeRequests());
                idle.countDown();
            };
            assertTrue(app.addIdleListener(listener), "the valve's counter signals");

            fixture.slowRelease.countDown();
            assertEquals("slow done", slow1.get().body());
            assertEquals("slow done", slow2.get().body());
            TomcatFixture.await("no request in flight", () -> app.activeRequests() == 0);
            assertTrue(idle.await(15, java.util.concurrent.TimeUnit.SECONDS), "told when the count fell to zero");
            assertEquals(0, idleSeenAt.get(), "and the count read then was 0");
            app.removeIdleListener(listener);
        }
    }

    @Test
    void activeSessionsAndDistributableComeFromTheContext() throws Exception {
        try (TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/app").setDistributable(true);
            fixture.tomcat.getServer().addLifecycleListener(new ClusterListener(p -> handler));
            fixture.start();
            Context app = handler.server.engines().get(0).hosts().get(0).contexts().get(0);
            assertEquals(0, app.activeSessions());
            assertTrue(app.isDistributable());
            fixture.get("/app/x?session=1");
            fixture.get("/app/x?session=1");
            assertEquals(2, app.activeSessions());
            assertEquals("JSESSIONID", handler.server.engines().get(0).sessionCookieName());
        }
    }

    @Test
    void jvmRouteAssignedBeforeOrAfterStartReachesSessionIds() throws Exception {
        AtomicBoolean assigned = new AtomicBoolean();
        AtomicReference<Optional<String>> routeBefore = new AtomicReference<>();
        handler.onInit = server -> {
            routeBefore.set(server.engines().get(0).jvmRoute());
            assigned.set(server.engines().get(0).assignJvmRoute("node-a"));
        };
        try (TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/app");
            fixture.tomcat.getServer().addLifecycleListener(new ClusterListener(p -> handler));
            fixture.start();
            assertEquals(Optional.empty(), routeBefore.get());
            assertTrue(assigned.get(), "assigned during init");
            Engine engine = handler.server.engines().get(0);
            assertEquals(Optional.of("node-a"), engine.jvmRoute());
            assertTrue(sessionCookie(fixture).contains(".node-a"));

            // After start, the contexts' session id generators must follow too.
            assertTrue(engine.assignJvmRoute("node-b"));
            assertEquals(Optional.of("node-b"), engine.jvmRoute());
            assertTrue(sessionCookie(fixture).contains(".node-b"));

            fixture.tomcat.stop();
            assertFalse(engine.assignJvmRoute("node-c"), "the engine has stopped");
        }
    }

    private static String sessionCookie(TomcatFixture fixture) throws Exception {
        HttpResponse<String> response = fixture.get("/app/x?session=1");
        return response.headers().firstValue("Set-Cookie").orElseThrow();
    }
}
