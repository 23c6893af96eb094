package org.clusteragent.undertow;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.PathHandler;

/**
 * An embedded Undertow on 127.0.0.1 (free ports) with a PathHandler for deployments, and an HTTP
 * client that talks to it directly. Not started by the constructor.
 */
final class Node implements AutoCloseable {

    final PathHandler paths = Handlers.path();
    final Undertow undertow;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Node() {
        this(false, false);
    }

    Node(boolean statistics, boolean withAjp) {
        Undertow.Builder b = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(paths)
                .setWorkerThreads(16);
        if (withAjp) {
            b.addAjpListener(0, "127.0.0.1");
        }
        if (statistics) {
            b.setServerOption(UndertowOptions.ENABLE_STATISTICS, true);
        }
        undertow = b.build();
    }

    /** The bound ports of the started server, in listener order. */
    List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (Undertow.ListenerInfo l : undertow.getListenerInfo()) {
            ports.add(((InetSocketAddress) l.getAddress()).getPort());
        }
        return ports;
    }

    private volatile int port;

    /** The first listener's port, remembered so that requests after a stop are refused, not failed. */
    int port() {
        if (port == 0) {
            port = ports().get(0);
        }
        return port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            undertow.stop();
        } catch (RuntimeException e) {
            // already stopped
        }
    }
}
