package org.clusteragent.demo;

import java.util.Set;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

/**
 * Sets the demo up in any Servlet 6 container, with no web.xml and no annotation scanning: Tomcat
 * finds it through {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}; on
 * embedded Undertow, add it to the DeploymentInfo as a ServletContainerInitializerInfo. Registers
 * the servlets below (paths relative to the context, normally {@code /demo}), the session listener
 * and the listener that stops every demo thread when the context stops.
 * <pre>
 *   ""  /hello         HelloServlet     /sessions /sessions/one  SessionsServlet
 *   /heap              HeapServlet      /cpu                     CpuServlet
 *   /busy /busy/hold   BusyServlet      /traffic                 TrafficServlet
 *   /load              LoadServlet      /async                   AsyncServlet
 * </pre>
 */
public final class DemoInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        DemoNode node = new DemoNode(ctx);
        ctx.setAttribute(DemoNode.ATTRIBUTE, node);
        ctx.addListener(node);
        ctx.addListener(node.sessions());
        ctx.addServlet("clusteragent-demo-hello", new HelloServlet()).addMapping("", "/hello");
        ctx.addServlet("clusteragent-demo-sessions", new SessionsServlet()).addMapping("/sessions", "/sessions/*");
        ctx.addServlet("clusteragent-demo-heap", new HeapServlet()).addMapping("/heap");
        ctx.addServlet("clusteragent-demo-cpu", new CpuServlet()).addMapping("/cpu");
        ctx.addServlet("clusteragent-demo-busy", new BusyServlet()).addMapping("/busy", "/busy/*");
        ctx.addServlet("clusteragent-demo-traffic", new TrafficServlet()).addMapping("/traffic");
        ctx.addServlet("clusteragent-demo-load", new LoadServlet()).addMapping("/load");
        var async = ctx.addServlet("clusteragent-demo-async", new AsyncServlet());
        async.setAsyncSupported(true);
        async.addMapping("/async");
    }
}
