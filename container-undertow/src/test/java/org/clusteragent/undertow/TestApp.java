package org.clusteragent.undertow;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;

/**
 * A small servlet application for the tests: {@code /hello} answers "hello", {@code /session}
 * creates a session and answers its id, {@code /slow} holds the request until the test releases
 * it, {@code /pause} takes a few milliseconds (to keep requests in flight under a loop).
 */
final class TestApp {

    /** Signals for the slow servlet. */
    static final class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicBoolean destroyed = new java.util.concurrent.atomic.AtomicBoolean();
    }

    private TestApp() {
    }

    static DeploymentInfo info(String name, String contextPath) {
        return info(name, contextPath, new Gate());
    }

    static DeploymentInfo info(String name, String contextPath, Gate gate) {
        return Servlets.deployment()
                .setClassLoader(TestApp.class.getClassLoader())
                .setDeploymentName(name)
                .setContextPath(contextPath)
                .addServlet(Servlets.servlet("hello", Hello.class,
                        new ImmediateInstanceFactory<>(new Hello())).addMapping("/hello"))
                .addServlet(Servlets.servlet("session", SessionServlet.class,
                        new ImmediateInstanceFactory<>(new SessionServlet())).addMapping("/session"))
                .addServlet(Servlets.servlet("logout", Logout.class,
                        new ImmediateInstanceFactory<>(new Logout())).addMapping("/logout"))
                .addServlet(Servlets.servlet("pause", Pause.class,
                        new ImmediateInstanceFactory<>(new Pause())).addMapping("/pause"))
                .addServlet(Servlets.servlet("slow", Slow.class,
                        new ImmediateInstanceFactory<>(new Slow(gate))).addMapping("/slow"));
    }

    static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write("hello");
        }
    }

    static final class SessionServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write(req.getSession(true).getId());
        }
    }

    static final class Logout extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            jakarta.servlet.http.HttpSession session = req.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            resp.getWriter().write(session == null ? "none" : "gone");
        }
    }

    static final class Pause extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resp.getWriter().write("paused");
        }
    }

    static final class Slow extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Gate gate;

        Slow(Gate gate) {
            this.gate = gate;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            gate.entered.countDown();
            try {
                if (!gate.release.await(30, TimeUnit.SECONDS)) {
                    resp.sendError(599, "never released");
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resp.getWriter().write("slow done");
        }

        @Override
        public void destroy() {
            gate.destroyed.set(true);
        }
    }
}
