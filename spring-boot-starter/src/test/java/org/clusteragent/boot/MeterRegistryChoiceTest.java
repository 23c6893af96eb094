package org.clusteragent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.clusteragent.harness.UndertowBalancer;
import org.clusteragent.metrics.micrometer.AgentMeters;
import org.clusteragent.metrics.micrometer.MicrometerRegistries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which MeterRegistry the agent's meters and {@code micrometer(…)} load metrics use: the
 * application's (the one Spring injects: the only one, or the {@code @Primary} composite Boot makes
 * of several), and never Micrometer's JVM-wide {@code Metrics.globalRegistry}, also when the
 * application has no registry or several and none primary. Against Undertow's real balancer, so
 * that the agent really exchanges with a proxy (and times it).
 */
@ExtendWith(OutputCaptureExtension.class)
class MeterRegistryChoiceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NO_REGISTRY = "spring.autoconfigure.exclude="
            + "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration,"
            + "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration";

    private final UndertowBalancer balancer = UndertowBalancer.builder().start();
    private ConfigurableApplicationContext app;
    private Gauge global;

    /** Two registries of the application's own. */
    @Configuration(proxyBeanMethods = false)
    static class TwoRegistries {
        @Bean
        SimpleMeterRegistry first() {
            return new SimpleMeterRegistry();
        }

        @Bean
        SimpleMeterRegistry second() {
            return new SimpleMeterRegistry();
        }
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        if (global != null) {
            Metrics.globalRegistry.remove(global);
        }
        balancer.stop();
    }

    @Test
    void withoutARegistryTheAgentNeverUsesMicrometersGlobalRegistry() throws Exception {
        global = Gauge.builder("test.global.size", () -> 7).register(Metrics.globalRegistry);
        app = BootNodes.start("boot-none", balancer, NO_REGISTRY,
                "clusteragent.load-metrics=micrometer(name=test.global.size, capacity=10), heap");
        assertEquals(0, app.getBeanProvider(MeterRegistry.class).stream().count(), "the application has no registry");
        assertTrue(balancer.awaitNode("boot-none", n -> n.routes("/"), WAIT).isPresent(), () -> "boot-none: " + balancer.nodes());
        assertTrue(Metrics.globalRegistry.find(AgentMeters.REQUESTS).tag("node", "boot-none").meters().isEmpty(),
                "the agent's meters are not in Micrometer's global registry");
        String load = String.valueOf(AgentReport.nodes(app.getBean(ClusterAgentLifecycle.class).clusterAgent()
                .orElseThrow()).get(0).get("loadExplanation"));
        assertFalse(load.contains("raw=7"), "the micrometer metric does not read the global registry: " + load);
    }

    @Test
    void withSeveralRegistriesTheAgentUsesBootsPrimaryCompositeOfThem() throws Exception {
        app = BootNodes.start("boot-two", balancer, "spring.main.sources=" + TwoRegistries.class.getName());
        assertTrue(balancer.awaitNode("boot-two", n -> n.routes("/"), WAIT).isPresent(), () -> "boot-two: " + balancer.nodes());
        MeterRegistry primary = app.getBean(MeterRegistry.class);
        assertSame(primary, app.getBean(MeterRegistryBinding.class).registry(), "the registry Spring injects");
        for (String name : new String[] {"first", "second"}) {
            MeterRegistry registry = app.getBean(name, MeterRegistry.class);
            assertFalse(registry.find(AgentMeters.REQUESTS).tag("node", "boot-two").meters().isEmpty(),
                    name + " has the agent's meters (through Boot's composite)");
        }
    }

    /**
     * Several registries and none primary happens only without Boot's metrics auto-configuration
     * (which itself needs one registry, or makes a primary composite), so this is a plain Spring
     * context with the starter's binding: it starts (it failed with "expected single matching bean"
     * before), says so, and binds neither registry nor the global one.
     */
    @Test
    void withSeveralRegistriesAndNonePrimaryItSaysSoAndUsesNone(CapturedOutput output) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.register(TwoRegistries.class);
            context.registerBean(MeterRegistryBinding.class, () -> new MeterRegistryBinding(
                    context.getBeanProvider(MeterRegistry.class)));
            context.refresh();
            MeterRegistry bound = context.getBean(MeterRegistryBinding.class).registry();
            assertSame(bound, MicrometerRegistries.current());
            assertNotSame(context.getBean("first"), bound);
            assertNotSame(context.getBean("second"), bound);
            assertNotSame(Metrics.globalRegistry, bound);
            assertTrue(output.getOut().contains("CLAG9010: the application has 2 MeterRegistry beans and none is"
                    + " @Primary"), output.getOut());
        }
        assertSame(Metrics.globalRegistry, MicrometerRegistries.current(), "undone when the context closes");
    }
}
