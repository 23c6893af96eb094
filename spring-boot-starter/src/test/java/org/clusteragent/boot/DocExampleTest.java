package org.clusteragent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import example.ShopApplication;
import org.clusteragent.harness.UndertowBalancer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * docs/spring-boot.md's complete example is src/test/java/example/ShopApplication.java word for
 * word, and with the doc's application.properties (only the proxy's address, the port and a known
 * jvmRoute changed for the test) it registers at Undertow's real balancer, which routes /hello to
 * it, and Actuator's health shows the clusteragent contributor the doc's properties ask for.
 */
@Timeout(120)
class DocExampleTest {

    private static final String SOURCE = "spring-boot-starter/src/test/java/example/ShopApplication.java";

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/spring-boot.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docs/spring-boot.md above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The first block of {@code lang} in the doc's "A complete example" section. */
    private static String block(String lang) throws IOException {
        String doc = Files.readString(projectRoot().resolve("docs/spring-boot.md"));
        int section = doc.indexOf("## A complete example");
        assertTrue(section >= 0, "docs/spring-boot.md has a section 'A complete example'");
        Matcher m = Pattern.compile("```" + lang + "\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(section), "the section has a ```" + lang + " block");
        return m.group(1);
    }

    @Test
    void theDocShowsTheTestedFileWordForWord() throws IOException {
        assertEquals(Files.readString(projectRoot().resolve(SOURCE)), block("java"),
                "the example in docs/spring-boot.md must be " + SOURCE + " exactly: copy the file into the doc");
    }

    @Test
    void theExampleWithTheDocsPropertiesRegistersAndIsRouted() throws Exception {
        Properties fromDoc = new Properties();
        fromDoc.load(new StringReader(block("properties")));
        assertTrue(fromDoc.containsKey("clusteragent.proxy-list"), fromDoc.toString());
        UndertowBalancer balancer = UndertowBalancer.builder().start();
        try {
            fromDoc.setProperty("clusteragent.proxy-list", "127.0.0.1:" + balancer.mcmpPort());
            fromDoc.setProperty("clusteragent.jvm-route", "shop-1");
            fromDoc.setProperty("server.port", "0");
            fromDoc.setProperty("server.address", "127.0.0.1");
            List<String> args = new ArrayList<>();
            fromDoc.stringPropertyNames().forEach(k -> args.add("--" + k + "=" + fromDoc.getProperty(k)));
            try (ConfigurableApplicationContext app = SpringApplication.run(ShopApplication.class,
                    args.toArray(String[]::new))) {
                assertTrue(balancer.awaitNode("shop-1", n -> n.routes("/"), Duration.ofSeconds(30)).isPresent(),
                        () -> "shop-1 routable at the balancer: " + balancer.nodes());
                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<String> hello = client.send(HttpRequest.newBuilder(balancer.proxyUri("/hello"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, hello.statusCode());
                assertEquals("hello", hello.body());
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());
                assertTrue(health.body().contains("\"clusteragent\""), health.body());
            }
            assertTrue(balancer.nodes().stream().noneMatch(n -> n.jvmRoute().equals("shop-1")),
                    () -> "the closed application left the balancer: " + balancer.nodes());
        } finally {
            balancer.stop();
        }
    }
}
