package org.clusteragent.tomcat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.catalina.Context;
import org.apache.catalina.Host;

/**
 * Which versions of each context path are serving, so that the agent hears of a path only when
 * the first of its versions starts and when the last one stops. Tomcat's parallel deployment
 * ({@code demo##1}, {@code demo##2} at {@code /demo}) starts the new version while the old one
 * still serves its sessions, and later stops and removes the old one; proxies route by path, so
 * neither step may change what they see. An unversioned context is simply its path's only version.
 * Tomcat may start and stop contexts on several threads at once; the decisions are made under one
 * lock, so of two versions starting together exactly one is the first. Thread-safe.
 */
final class ServingVersions {

    private record PathKey(Host host, String path) {
    }

    private final Map<PathKey, Set<Context>> serving = new HashMap<>();

    /** {@code context} started; true when no other version of its path was serving. */
    synchronized boolean started(Context context) {
        Set<Context> versions = serving.computeIfAbsent(key(context), k -> new HashSet<>());
        boolean first = versions.isEmpty();
        versions.add(context);
        return first;
    }

    /** {@code context} is stopping; true when it was the last version of its path serving. */
    synchronized boolean stopping(Context context) {
        PathKey key = key(context);
        Set<Context> versions = serving.get(key);
        if (versions == null || !versions.remove(context)) {
            // never served (a failed start): nothing of it reached the proxies
            return false;
        }
        if (versions.isEmpty()) {
            serving.remove(key);
            return true;
        }
        return false;
    }

    /** Versions of {@code context}'s path serving now, {@code context} included if it does. */
    synchronized int serving(Context context) {
        Set<Context> versions = serving.get(key(context));
        return versions == null ? 0 : versions.size();
    }

    /** Forgets {@code context} (it was removed without a stop event, e.g. destroyed while failed). */
    synchronized void forget(Context context) {
        PathKey key = key(context);
        Set<Context> versions = serving.get(key);
        if (versions != null && versions.remove(context) && versions.isEmpty()) {
            serving.remove(key);
        }
    }

    private static PathKey key(Context context) {
        return new PathKey((Host) context.getParent(), context.getPath());
    }
}
