package org.clusteragent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.clusteragent.boot.app.TestApp;
import org.clusteragent.core.ClusterAgent;
import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every attribute the agent's parser accepts is a {@code clusteragent.*} property, found in the
 * relaxed forms Spring allows (kebab case, camel case, underscores, environment variables), and
 * the IDE metadata lists exactly those properties.
 */
class PropertiesBindingTest {

    private final AttributeCatalog catalog = AttributeCatalog.of(getClass().getClassLoader());

    @Test
    void relaxedFormsAndEnvironmentVariablesBecomeTheAgentsAttributes() {
        StandardEnvironment environment = FailureReportTest.environment(Map.of(
                "CLUSTERAGENT_PROXYLIST", "10.0.0.5:6666", "CLUSTERAGENT_ADVERTISESECURITYKEY", "s3cret",
                "CLUSTERAGENT_STICKY_SESSION_FORCE", "true"));
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("clusteragent.load-metrics", "cpu(weight=2), heap");
        file.put("clusteragent.socketTimeout", "5000");
        file.put("clusteragent.proxy_url", "/mcmp");
        file.put("clusteragent.enabled", "true");
        environment.getPropertySources().addFirst(new MapPropertySource("file", file));

        ClusterAgentProperties properties = ClusterAgentProperties.of(environment, catalog);

        assertEquals(Map.of("proxyList", "10.0.0.5:6666", "advertiseSecurityKey", "s3cret",
                "stickySessionForce", "true", "loadMetrics", "cpu(weight=2), heap", "socketTimeout", "5000",
                "proxyURL", "/mcmp"), properties.attributes());
        assertEquals("clusteragent.advertise-security-key", properties.source("advertiseSecurityKey").orElseThrow()
                .property());
        ClusterAgent agent = ClusterAgent.builder().properties(properties.attributes()).registerMBean(false).build();
        assertEquals(Duration.ofMillis(5000), agent.config().socketTimeout());
        assertEquals("/mcmp", agent.config().proxyUrl());
    }

    @Test
    void applicationPropertiesConfigureARealApplication() throws Exception {
        try (UndertowBalancer balancer = UndertowBalancer.builder().start();
             ConfigurableApplicationContext app = new SpringApplicationBuilder(TestApp.class).profiles("fromfile")
                     .properties("test.balancer.port=" + balancer.mcmpPort()).run()) {
            ClusterAgent agent = app.getBean(ClusterAgentLifecycle.class).clusterAgent().orElseThrow();
            assertEquals("from-file", agent.config().jvmRoute().orElseThrow());
            assertTrue(agent.loadProvider().explain(agent.nodes().get(0).engine()).describe().contains("sessions"),
                    "load-metrics from the file: " + agent.loadProvider().explain(agent.nodes().get(0).engine()));
            assertTrue(balancer.awaitNode("from-file", n -> n.routes("/"), Duration.ofSeconds(20)).isPresent(),
                    () -> "from-file routable: " + balancer.nodes());
        }
    }

    @Test
    void metadataListsExactlyTheAgentsAttributesAndTheStartersOwnProperties() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }
        Set<String> listed = new TreeSet<>();
        for (JsonNode property : metadata.get("properties")) {
            listed.add(property.get("name").asText());
            assertFalse(property.path("description").asText().isBlank(), property + " has a description");
        }
        Set<String> expected = new TreeSet<>(catalog.properties().values());
        expected.addAll(ClusterAgentProperties.STARTER_PROPERTIES);
        assertEquals(expected, listed);
    }

    @Test
    void docsListEveryPropertyWithItsAttribute() throws Exception {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "spring-boot.md"));
        java.util.regex.Matcher rows = java.util.regex.Pattern.compile("(?m)^\\| `(clusteragent\\.[a-z.-]+)` \\| `?([^`|]+?)`? \\|")
                .matcher(page);
        Map<String, String> documented = new java.util.TreeMap<>();
        while (rows.find()) {
            documented.put(rows.group(1), rows.group(2).trim());
        }
        Map<String, String> expected = new java.util.TreeMap<>();
        catalog.properties().forEach((attribute, property) -> expected.put(property, attribute));
        Map<String, String> agentRows = new java.util.TreeMap<>(documented);
        agentRows.keySet().removeAll(ClusterAgentProperties.STARTER_PROPERTIES);
        assertEquals(expected, agentRows, "docs/spring-boot.md's table of agent properties");
        assertTrue(documented.keySet().containsAll(ClusterAgentProperties.STARTER_PROPERTIES),
                "docs/spring-boot.md lists the starter's own properties: " + documented.keySet());
    }

    @Test
    void kebabCaseOfAttributeNames() {
        assertEquals("proxy-url", AttributeCatalog.kebab("proxyURL"));
        assertEquals("ssl-key-store-password", AttributeCatalog.kebab("sslKeyStorePassword"));
        assertEquals("advertise-interface-name", AttributeCatalog.kebab("advertiseInterfaceName"));
        assertEquals("ttl", AttributeCatalog.kebab("ttl"));
        assertEquals("socketTimout", AttributeCatalog.camel("socket-timout"));
    }
}
