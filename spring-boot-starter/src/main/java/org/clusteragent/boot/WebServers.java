package org.clusteragent.boot;

import java.lang.reflect.Method;
import java.util.Optional;

import org.springframework.context.ApplicationContext;

/**
 * Finds the embedded web server of a Boot application context. Spring Boot 3.5 and 4.0 keep these
 * types in different packages ({@code org.springframework.boot.web.context} and
 * {@code ...web.embedded.tomcat} in 3.5; {@code ...web.server.context} and {@code ...boot.tomcat}
 * in 4.0) but with the same method names, {@code getWebServer()} on the context and
 * {@code getTomcat()} on Tomcat's web server; calling those two by name lets one compiled starter
 * serve both lines. Stateless.
 */
final class WebServers {

    private WebServers() {
    }

    /** The context's web server, or empty when it has none (not a web application, or not started). */
    static Optional<Object> of(ApplicationContext context) {
        return call(context, "getWebServer");
    }

    /** The Tomcat instance of a Boot {@code TomcatWebServer}, or empty for another kind of server. */
    static Optional<org.apache.catalina.startup.Tomcat> tomcat(Object webServer) {
        if (!tomcatPresent(webServer)) {
            return Optional.empty();
        }
        return call(webServer, "getTomcat").filter(org.apache.catalina.startup.Tomcat.class::isInstance)
                .map(org.apache.catalina.startup.Tomcat.class::cast);
    }

    /** The {@code io.undertow.Undertow} of Boot 3.5's {@code UndertowWebServer} (its {@code getUndertow()}), or empty. */
    static Optional<Object> undertow(Object webServer) {
        if (!present("io.undertow.Undertow", webServer.getClass().getClassLoader())) {
            return Optional.empty();
        }
        return call(webServer, "getUndertow");
    }

    /** Whether Tomcat's classes are visible where the web server was loaded. */
    static boolean tomcatPresent(Object webServer) {
        return present("org.apache.catalina.startup.Tomcat", webServer.getClass().getClassLoader());
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Optional<Object> call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            return Optional.ofNullable(m.invoke(target));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + method + "() of " + target.getClass().getName(), e);
        }
    }
}
