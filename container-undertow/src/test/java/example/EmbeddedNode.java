package example;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;

import org.clusteragent.undertow.UndertowClusterAgent;

/**
 * An embedded Undertow node with one servlet at /shop/hello, registered with the proxies in
 * args[0] (e.g. "10.0.0.1:6666,10.0.0.2:6666") as node args[1], listening on 127.0.0.1:args[2]
 * (0: any free port). It runs until the JVM is asked to stop (Ctrl-C, SIGTERM); the shutdown hook
 * then drains the node and takes it off the proxies before Undertow stops.
 */
public final class EmbeddedNode {

    public static void main(String[] args) throws Exception {
        String proxies = args.length > 0 ? args[0] : "127.0.0.1:6666";
        String route = args.length > 1 ? args[1] : "node1";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 8080;

        PathHandler paths = Handlers.path();
        Undertow undertow = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setServerOption(UndertowOptions.ENABLE_STATISTICS, true) // the agent counts every request
                .setHandler(paths)
                .build();

        UndertowClusterAgent agent = UndertowClusterAgent.builder()
                .properties(Map.of("proxyList", proxies, "advertise", "false"))
                .property("jvmRoute", route)
                .property("stopContextTimeout", "5")     // seconds a drain may wait at most
                .host("localhost")
                .build();                                 // every bad attribute at once

        agent.deploy(Servlets.deployment()                // prepare, add, deploy, mount, start
                .setClassLoader(EmbeddedNode.class.getClassLoader())
                .setDeploymentName("shop.war")
                .setContextPath("/shop")
                .addServlet(Servlets.servlet("hello", Hello.class).addMapping("/hello")), paths);

        // Stop the agent first, from the hook: it drains, leaves the proxies, then stops Undertow.
        // The JDK's logging may already be shut down by then; the agent says so on stderr (CLAG7100/7101).
        Runtime.getRuntime().addShutdownHook(new Thread(agent::stop, "shop-shutdown"));

        agent.start(undertow);                            // starts Undertow, then CONFIG + ENABLE-APP /shop
        System.out.println("serving on " + undertow.getListenerInfo().get(0).getAddress() + " as " + route);
    }

    /** The application: answers "hello from <node>". */
    public static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().print("hello from " + req.getSession(true).getId());
        }
    }
}
