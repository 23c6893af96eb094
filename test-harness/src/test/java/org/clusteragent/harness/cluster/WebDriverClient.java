package org.clusteragent.harness.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the W3C WebDriver protocol, spoken by hand over java.net.http to a chromedriver
 * process this class starts on a free loopback port: one headless Chromium session, navigate, run a
 * script, find and click an element, take a screenshot. Replies are read with a few regular
 * expressions (only string, number and element values are needed). Not thread-safe; close it.
 */
final class WebDriverClient implements AutoCloseable {

    private static final Pattern SESSION_ID = Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ELEMENT_ID = Pattern.compile("\"element-6066-11e4-a52e-4f735466cecf\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VALUE_STRING = Pattern.compile("\"value\"\\s*:\\s*\"((?:[^\"\\\\]++|\\\\.)*+)\"");

    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String session;

    private WebDriverClient(Process driver, int port) {
        this.driver = driver;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts chromedriver and a headless Chromium session with a fixed window size. */
    static WebDriverClient start(Path chromedriver, Path chromium, Path profile, Path log) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(chromedriver.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        WebDriverClient client = new WebDriverClient(p, port);
        try {
            client.awaitReady();
            String caps = "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\",\"goog:chromeOptions\":{"
                    + "\"binary\":" + json(chromium.toString()) + ",\"args\":["
                    + "\"--headless=new\",\"--no-sandbox\",\"--disable-gpu\",\"--disable-dev-shm-usage\","
                    + "\"--no-first-run\",\"--disable-background-networking\",\"--disable-component-update\","
                    + "\"--disable-sync\",\"--window-size=1280,1000\",\"--user-data-dir=" + profile + "\"]}}}}";
            String reply = client.call("POST", "/session", caps);
            Matcher m = SESSION_ID.matcher(reply);
            if (!m.find()) {
                throw new IllegalStateException("chromedriver did not open a session: " + reply);
            }
            client.session = m.group(1);
            return client;
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (call("GET", "/status", null).contains("\"ready\":true")) {
                    return;
                }
            } catch (IOException e) {
                if (!driver.isAlive()) {
                    throw new IllegalStateException("chromedriver exited with " + driver.exitValue());
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("chromedriver not ready after 30 s on " + base);
            }
            Thread.sleep(100);
        }
    }

    void navigate(URI uri) throws Exception {
        sessionCall("POST", "/url", "{\"url\":" + json(uri.toString()) + "}");
    }

    /** Runs {@code script} (a function body; use {@code return}) and gives the raw JSON reply. */
    String execute(String script) throws Exception {
        return sessionCall("POST", "/execute/sync", "{\"script\":" + json(script) + ",\"args\":[]}");
    }

    /** Runs a script that returns a string, and gives that string. */
    String executeForString(String script) throws Exception {
        Matcher m = VALUE_STRING.matcher(execute(script));
        return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
    }

    void click(String cssSelector) throws Exception {
        String reply = sessionCall("POST", "/element", "{\"using\":\"css selector\",\"value\":" + json(cssSelector) + "}");
        Matcher m = ELEMENT_ID.matcher(reply);
        if (!m.find()) {
            throw new IllegalStateException("no element matches " + cssSelector + ": " + reply);
        }
        sessionCall("POST", "/element/" + m.group(1) + "/click", "{}");
    }

    /** The current viewport as PNG bytes. */
    byte[] screenshot() throws Exception {
        Matcher m = VALUE_STRING.matcher(sessionCall("GET", "/screenshot", null));
        if (!m.find()) {
            throw new IllegalStateException("no screenshot in chromedriver's reply");
        }
        return Base64.getDecoder().decode(m.group(1).replace("\\/", "/"));
    }

    private String sessionCall(String method, String path, String body) throws Exception {
        return call(method, "/session/" + session + path, body);
    }

    private String call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=utf-8");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static String json(String s) {
        return StateJson.quote(new StringBuilder(), s).toString();
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (Exception e) {
            // the process is ended below anyway
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
