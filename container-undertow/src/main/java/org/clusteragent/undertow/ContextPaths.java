package org.clusteragent.undertow;

/**
 * Normalises Undertow context paths to the servlet form the agent uses: {@code ""} for the root
 * context, otherwise a leading {@code /} and no trailing one. Undertow accepts {@code "/"},
 * {@code ""} and even a missing slash for the same deployment. Stateless.
 */
final class ContextPaths {

    private ContextPaths() {
    }

    static String servletPath(String contextPath) {
        if (contextPath == null) {
            return "";
        }
        String p = contextPath.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "";
        }
        return p.startsWith("/") ? p : "/" + p;
    }

    /** The prefix to mount the deployment's handler at in a PathHandler. */
    static String mountPath(String servletPath) {
        return servletPath.isEmpty() ? "/" : servletPath;
    }
}
