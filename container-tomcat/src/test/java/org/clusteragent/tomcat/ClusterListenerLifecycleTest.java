package org.clusteragent.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.catalina.Context;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardEngine;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.core.StandardService;
import org.apache.catalina.startup.Tomcat;
import org.clusteragent.spi.Engine;
import org.clusteragent.spi.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The order of handler calls for real Tomcat lifecycles: start, run-time deploys, stop. */
@Timeout(60)
class ClusterListenerLifecycleTest {

    private final RecordingHandler handler = new RecordingHandler();

    private ClusterListener listener() {
        return new ClusterListener(properties -> handler);
    }

    @Test
    void startAndStopCallTheHandlerInTomcatOrderAndDrainWhileConnectorsServe() throws Exception {
        AtomicInteger statusDuringStop = new AtomicInteger();
        AtomicBoolean availableDuringStop = new AtomicBoolean();
        try (TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("");
            fixture.deploy("/app");
            fixture.tomcat.getServer().addLifecycleListener(listener());
            handler.onStopServer = server -> {
                availableDuringStop.set(server.engines().get(0).connectors().get(0).isAvailable());
                try {
                    statusDuringStop.set(fixture.get("/app/x").statusCode());
                } catch (Exception e) {
                    statusDuringStop.set(-1);
                }
            };
            fixture.start();

            // Contexts deployed while Tomcat starts are covered by start(server), not announced one by one.
            assertEquals(List.of("init", "start(server)"), handler.calls());
            Engine engine = handler.server.engines().get(0);
            assertEquals("Tomcat", engine.name());
            Host host = engine.hosts().get(0);
            assertEquals("localhost", host.name());
            List<String> paths = host.contexts().stream().map(c -> c.path()).sorted().toList();
            assertEquals(List.of("", "/app"), paths);
            assertTrue(host.contexts().stream().allMatch(c -> c.isStarted()));
            // One view per Tomcat object: the agent finds its node by the engine's identity.
            assertSame(host, host.contexts().get(0).host());
            assertSame(engine, host.engine());
            assertSame(engine, handler.server.engines().get(0));

            fixture.tomcat.stop();
            assertEquals(List.of("init", "start(server)", "stop(server)"), handler.calls());
            assertTrue(availableDuringStop.get(), "connector available while stop(server) drains");
            assertEquals(200, statusDuringStop.get(), "requests served while stop(server) drains");

            fixture.tomcat.destroy();
            assertEquals(List.of("init", "start(server)", "stop(server)", "shutdown"), handler.calls());
        }
    }

    @Test
    void contextsDeployedAndUndeployedAtRunTimeAreFollowed() throws Exception {
        try (TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/app");
            fixture.tomcat.getServer().addLifecycleListener(listener());
            fixture.start();
            handler.calls.clear();

            Context late = fixture.deploy("/late");
            assertEquals(List.of("add(/late)", "start(/late)"), handler.calls());
            assertEquals(200, fixture.get("/late/x").statusCode());
            assertTrue(hasCountingValve(late));

            late.reload();
            assertEquals(List.of("add(/late)", "start(/late)", "stop(/late)", "start(/late)"), handler.calls());

            fixture.tomcat.getHost().removeChild(late);
            assertEquals(List.of("add(/late)", "start(/late)", "stop(/late)", "start(/late)",
                    "stop(/late)", "remove(/late)"), handler.calls());
            assertFalse(hasCountingValve(late), "valve taken out of an undeployed context");
            assertEquals(List.of("/app"), handler.server.engines().get(0).hosts().get(0).contexts().stream()
                    .map(c -> c.path()).toList());
        }
    }

    @Test
    void theRootContextCanBeDeployedAtRunTime() throws Exception {
        try (TomcatFixture fixture = new TomcatFixture()) {
            fixture.tomcat.getServer().addLifecycleListener(listener());
            fixture.start();
            Context root = fixture.deploy("");
            assertEquals(List.of("init", "start(server)", "add(/)", "start(/)"), handler.calls());
            assertEquals("ok ", fixture.get("/anything").body());
            assertEquals("", handler.server.engines().get(0).hosts().get(0).contexts().get(0).path());
            root.stop();
            assertEquals("stop(/)", handler.calls().get(4));
        }
    }

    @Test
    void hostAliasesAreExposedWithoutTheHostName() throws Exception {
        try (TomcatFixture fixture = new TomcatFixture()) {
            fixture.tomcat.getHost().addAlias("www.example.test");
            fixture.tomcat.getHost().addAlias("localhost");
            fixture.tomcat.getHost().addAlias("alias2.example.test");
            fixture.tomcat.getServer().addLifecycleListener(listener());
            fixture.start();
            Host host = handler.server.engines().get(0).hosts().get(0);
            assertEquals(List.of("www.example.test", "alias2.example.test"), List.copyOf(host.aliases()));
        }
    }

    @Test
    void aServerListenerSeesEveryEngineAndAServiceListenerOnlyItsOwn() throws Exception {
        RecordingHandler serviceHandler = new RecordingHandler();
        try (TomcatFixture fixture = new TomcatFixture()) {
            fixture.deploy("/one");
            StandardService second = addSecondService(fixture);
            fixture.tomcat.getServer().addLifecycleListener(listener());
            second.addLifecycleListener(new ClusterListener(properties -> serviceHandler));
            fixture.start();

            assertEquals(List.of("Tomcat", "second"), handler.server.engines().stream().map(Engine::name).toList());
            assertEquals(List.of("second"), serviceHandler.server.engines().stream().map(Engine::name).toList());
            assertEquals("/two", serviceHandler.server.engines().get(0).hosts().get(0).contexts().get(0).path());
            assertEquals(1, serviceHandler.server.engines().get(0).connectors().size());

            // A deploy in the second service reaches both listeners; one in the first only the server's.
            Context added = new StandardContext();
            added.setPath("/three");
            added.setDocBase(fixture.baseDir.toString());
            added.addLifecycleListener(new Tomcat.FixContextListener());
            second.getContainer().findChild("localhost").addChild(added);
            fixture.deploy("/four");
            assertEquals(List.of("init", "start(server)", "add(/three)", "start(/three)"), serviceHandler.calls());
            assertEquals(List.of("init", "start(server)", "add(/three)", "start(/three)", "add(/four)",
                    "start(/four)"), handler.calls());

            fixture.tomcat.stop();
            assertTrue(serviceHandler.calls().contains("stop(server)"));
        }
    }

    @Test
    void processStatusFrequencySendsStatusEveryNthEngineTick() throws Exception {
        try (TomcatFixture fixture = new TomcatFixture()) {
            ClusterListener listener = listener();
            listener.setProperty("processStatusFrequency", "2");
            fixture.tomcat.getServer().addLifecycleListener(listener);
            fixture.start();
            for (int i = 0; i < 5; i++) {
                fixture.tomcat.getEngine().backgroundProcess();
            }
            assertEquals(List.of("init", "start(server)", "status(Tomcat)", "status(Tomcat)"), handler.calls());
        }
    }

    @Test
    void withoutProcessStatusFrequencyEngineTicksSendNothing() throws Exception {
        try (TomcatFixture fixture = new TomcatFixture()) {
            fixture.tomcat.getServer().addLifecycleListener(listener());
            fixture.start();
            for (int i = 0; i < 3; i++) {
                fixture.tomcat.getEngine().backgroundProcess();
            }
            assertEquals(List.of("init", "start(server)"), handler.calls());
        }
    }

    @Test
    void attributesReachTheHandlerFactoryInOrder() throws Exception {
        try (TomcatFixture fixture = new TomcatFixture()) {
            ClusterListener listener = new ClusterListener(properties -> {
                assertEquals(List.of("proxyList", "advertise", "stickySession"), List.copyOf(properties.keySet()));
                return handler;
            });
            listener.setProperty("proxyList", "127.0.0.1:6666");
            listener.setProperty("advertise", "false");
            listener.setProperty("stickySession", "true");
            fixture.tomcat.getServer().addLifecycleListener(listener);
            fixture.start();
            assertTrue(listener.isRunning());
            assertEquals(Map.of("proxyList", "127.0.0.1:6666", "advertise", "false", "stickySession", "true"),
                    listener.getProperties());
        }
    }

    private static boolean hasCountingValve(Context context) {
        for (Valve valve : context.getPipeline().getValves()) {
            if (valve instanceof InFlightRequestValve) {
                return true;
            }
        }
        return false;
    }

    private static StandardService addSecondService(TomcatFixture fixture) {
        StandardService service = new StandardService();
        service.setName("second");
        StandardEngine engine = new StandardEngine();
        engine.setName("second");
        engine.setDefaultHost("localhost");
        StandardHost host = new StandardHost();
        host.setName("localhost");
        host.setAppBase(fixture.baseDir.toString());
        host.setAutoDeploy(false);
        engine.addChild(host);
        service.setContainer(engine);
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        service.addConnector(connector);
        StandardContext context = new StandardContext();
        context.setPath("/two");
        context.setDocBase(fixture.baseDir.toString());
        context.addLifecycleListener(new Tomcat.FixContextListener());
        host.addChild(context);
        fixture.tomcat.getServer().addService(service);
        return service;
    }
}
