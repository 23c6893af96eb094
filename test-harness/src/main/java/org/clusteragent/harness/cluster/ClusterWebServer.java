package org.clusteragent.harness.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Locale;

import org.jboss.logging.Logger;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;

/**
 * The live page of the local cluster on 127.0.0.1: {@code GET /} is one self-contained HTML page
 * (inline script and SVG charts, nothing fetched from elsewhere) that polls {@code GET /api/state}
 * every second; {@code POST /api/nodes/{node}/{stop|start|undeploy|redeploy|cpu}} and
 * {@code POST /api/clients?count=N} and {@code POST /api/failures/reset} are the buttons. A node action
 * the node's state does not allow (e.g. undeploy on a stopped node) is refused with 409 and the
 * reason; others are accepted at once (202) and run in the background. Its own XNIO worker threads are named {@code clusteragent-ui}, started by
 * {@link #start()} and ended by {@link #stop()}.
 */
public final class ClusterWebServer {

    private static final Logger LOG = Logger.getLogger(ClusterWebServer.class);
    private static final int CHART_POINTS = 120;
    /** How often the cluster is sampled (and the page refreshed): one chart point per sample. */
    static final int SAMPLE_MILLIS = 1000;

    private final LocalCluster cluster;
    private final int requestedPort;
    private final String page;
    private XnioWorker worker;
    private Undertow server;
    private volatile int port;

    ClusterWebServer(LocalCluster cluster, int port) {
        this.cluster = cluster;
        this.requestedPort = port;
        this.page = resource("local-cluster.html");
    }

    private static String resource(String name) {
        try (InputStream in = ClusterWebServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the test-harness jar; rebuild test-harness");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void start() throws IOException {
        worker = Xnio.getInstance().createWorker(OptionMap.builder()
                .set(Options.WORKER_NAME, "clusteragent-ui")
                .set(Options.THREAD_DAEMON, true)
                .set(Options.WORKER_IO_THREADS, 1)
                .set(Options.WORKER_TASK_CORE_THREADS, 2)
                .set(Options.WORKER_TASK_MAX_THREADS, 4).getMap());
        RoutingHandler routes = Handlers.routing()
                .get("/", this::page)
                .get("/api/state", this::state)
                .post("/api/nodes/{node}/{action}", this::nodeAction)
                .post("/api/clients", this::clients)
                .post("/api/failures/reset", this::resetFailures)
                .setFallbackHandler(exchange -> send(exchange, 404, "text/plain", "not found"));
        server = Undertow.builder().setWorker(worker).addHttpListener(requestedPort, ClusterSettings.LOOPBACK)
                .setHandler(routes).build();
        try {
            server.start();
        } catch (RuntimeException e) {
            worker.shutdownNow();
            if (PortInUseException.isBindFailure(e)) {
                throw new PortInUseException("ui-port", requestedPort, e);
            }
            throw e;
        }
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        LOG.infof("CLAG8063: live page on http://127.0.0.1:%d/", port);
    }

    int port() {
        return port;
    }

    private void page(HttpServerExchange exchange) {
        send(exchange, 200, "text/html; charset=UTF-8", page);
    }

    private void state(HttpServerExchange exchange) {
        send(exchange, 200, "application/json", StateJson.of(cluster, CHART_POINTS));
    }

    private void nodeAction(HttpServerExchange exchange) {
        String node = exchange.getQueryParameters().get("node").getFirst();
        String actionName = exchange.getQueryParameters().get("action").getFirst();
        LocalCluster.Action action;
        try {
            action = LocalCluster.Action.valueOf(actionName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, "application/json", "{\"error\":" + StateJson.quote(new StringBuilder(),
                    "unknown action '" + actionName + "'; use stop, start, undeploy, redeploy or cpu") + "}");
            return;
        }
        try {
            cluster.act(node, action);
        } catch (ContainerNode.RefusedException e) {
            send(exchange, 409, "application/json", "{\"error\":" + StateJson.quote(new StringBuilder(), e.getMessage()) + "}");
            return;
        } catch (IllegalArgumentException e) {
            send(exchange, 404, "application/json", "{\"error\":" + StateJson.quote(new StringBuilder(), e.getMessage()) + "}");
            return;
        }
        send(exchange, 202, "application/json", "{\"accepted\":true}");
    }

    private void resetFailures(HttpServerExchange exchange) {
        cluster.resetFailureCount();
        send(exchange, 200, "application/json", "{\"failures\":0}");
    }

    private void clients(HttpServerExchange exchange) {
        Deque<String> count = exchange.getQueryParameters().get("count");
        int n;
        try {
            n = Integer.parseInt(count == null ? "" : count.getFirst().strip());
            if (n < 0 || n > 500) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            send(exchange, 400, "application/json", "{\"error\":\"count must be a whole number 0..500\"}");
            return;
        }
        cluster.loadDriver().setClients(n);
        send(exchange, 202, "application/json", "{\"clients\":" + n + "}");
    }

    private static void send(HttpServerExchange exchange, int status, String type, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }

    synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (worker != null) {
            worker.shutdownNow();
            worker = null;
        }
    }
}
