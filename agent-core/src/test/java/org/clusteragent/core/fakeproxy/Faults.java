package org.clusteragent.core.fakeproxy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The scripted misbehaviour of a {@link FakeProxy}: hangs, delays, canned errors and scripted replies.
 * Method names are matched ignoring case; {@code "*"} stands for every method. The monitor of this object
 * is also what hung and delayed connection threads wait on, so every change wakes them.
 */
final class Faults {
    static final String ANY = "*";

    private boolean hangAll;
    private boolean deaf;
    private final Set<String> hangMethods = new HashSet<>();
    private Duration delay = Duration.ZERO;
    private final Map<String, Deque<ScriptedReply>> failNext = new HashMap<>();
    private final Map<String, ScriptedReply> failAlways = new HashMap<>();
    private final Map<String, Function<RecordedRequest, ScriptedReply>> scripts = new HashMap<>();
    private final Map<String, WireFault> wire = new HashMap<>();

    synchronized void hang(boolean on) {
        hangAll = on;
        notifyAll();
    }

    synchronized void deaf(boolean on) {
        deaf = on;
        notifyAll();
    }

    /** Holds the calling connection thread, reading nothing, while deaf; false when {@code alive} turned false. */
    synchronized boolean holdWhileDeaf(BooleanSupplier alive) throws InterruptedException {
        while (deaf && alive.getAsBoolean()) {
            wait(1000);
        }
        return alive.getAsBoolean();
    }

    synchronized void hangOn(String method, boolean on) {
        if (on) {
            hangMethods.add(key(method));
        } else {
            hangMethods.remove(key(method));
        }
        notifyAll();
    }

    synchronized void delay(Duration value) {
        delay = value == null || value.isNegative() ? Duration.ZERO : value;
        notifyAll();
    }

    synchronized void failNext(String method, ScriptedReply reply) {
        failNext.computeIfAbsent(key(method), k -> new ArrayDeque<>()).add(reply);
    }

    synchronized void failAlways(String method, ScriptedReply reply) {
        if (reply == null) {
            failAlways.remove(key(method));
        } else {
            failAlways.put(key(method), reply);
        }
    }

    synchronized void script(String method, Function<RecordedRequest, ScriptedReply> script) {
        if (script == null) {
            scripts.remove(key(method));
        } else {
            scripts.put(key(method), script);
        }
    }

    synchronized void wire(String method, WireFault fault) {
        if (fault == null) {
            wire.remove(key(method));
        } else {
            wire.put(key(method), fault);
        }
        notifyAll();
    }

    /** The wire fault for this method (or for every method), or null. */
    synchronized WireFault wireFor(String method) {
        return wire.getOrDefault(key(method), wire.get(ANY));
    }

    /**
     * Pauses the calling connection thread for {@code nanos}, waking early when the proxy closes;
     * false when {@code alive} turned false.
     */
    synchronized boolean pause(long nanos, BooleanSupplier alive) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && alive.getAsBoolean(); left = deadline - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
        return alive.getAsBoolean();
    }

    synchronized void clear() {
        wire.clear();
        hangAll = false;
        deaf = false;
        hangMethods.clear();
        delay = Duration.ZERO;
        failNext.clear();
        failAlways.clear();
        scripts.clear();
        notifyAll();
    }

    /** Wakes every waiting connection thread so it can notice its connection or the proxy is gone. */
    synchronized void wakeAll() {
        notifyAll();
    }

    /**
     * Holds the calling connection thread while a hang applies to this method, then for the delay.
     * Returns false when {@code alive} turned false meanwhile: the connection must not answer.
     */
    synchronized boolean holdBeforeReply(String method, BooleanSupplier alive) throws InterruptedException {
        String m = key(method);
        while (alive.getAsBoolean() && (hangAll || hangMethods.contains(m) || hangMethods.contains(ANY))) {
            wait(1000);
        }
        long deadline = System.nanoTime() + delay.toNanos();
        for (long left = deadline - System.nanoTime(); left > 0 && alive.getAsBoolean();
             left = deadline - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
        return alive.getAsBoolean();
    }

    /** A canned or scripted reply for this request, or {@code null} for the proxy's own behaviour. */
    ScriptedReply override(RecordedRequest request) {
        Function<RecordedRequest, ScriptedReply> script;
        synchronized (this) {
            String m = key(request.method());
            for (String k : new String[] {m, ANY}) {
                Deque<ScriptedReply> queue = failNext.get(k);
                if (queue != null && !queue.isEmpty()) {
                    return queue.poll();
                }
            }
            ScriptedReply always = failAlways.getOrDefault(m, failAlways.get(ANY));
            if (always != null) {
                return always;
            }
            script = scripts.getOrDefault(m, scripts.get(ANY));
        }
        // Called outside the lock: a script may be slow or call back into the proxy.
        return script == null ? null : script.apply(request);
    }

    private static String key(String method) {
        return method.toUpperCase(Locale.ROOT);
    }
}
