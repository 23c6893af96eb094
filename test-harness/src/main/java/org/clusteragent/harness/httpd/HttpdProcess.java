package org.clusteragent.harness.httpd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One httpd parent process in the foreground ({@code -D FOREGROUND}) with its children, for the
 * {@code HttpdBalancer} fixture: started from a ServerRoot's httpd.conf, signalled, terminated or
 * killed, always with every child. "Serving" means httpd logged {@value #READY} (its notice once
 * (re)configured) once more than before and every given port accepts a connection; after a signal,
 * also that every child of the old generation has exited. Its console
 * output goes to {@code logs/console.log}, its error log is {@code logs/error.log}. Thread-safe
 * readers; one owner drives the lifecycle.
 */
public final class HttpdProcess {

    /** httpd's notice "configured -- resuming normal operations", counted to tell a (re)start is done. */
    static final String READY = "AH00489";
    private static final Duration START_BOUND = Duration.ofSeconds(20);

    private final Path root;
    private final String host;
    private final int[] ports;
    private final Process process;

    private HttpdProcess(Path root, String host, int[] ports, Process process) {
        this.root = root;
        this.host = host;
        this.ports = ports.clone();
        this.process = process;
    }

    /**
     * Starts {@code httpd -d root -f conf -D FOREGROUND} and waits (up to 20 s) until it serves on {@code ports}.
     *
     * @throws IllegalStateException when httpd exits or is not serving in time (with the end of its logs);
     *                               every process it started is killed then
     */
    public static HttpdProcess start(Path httpd, Path root, Path conf, String host, int... ports) throws IOException {
        int before = readyCount(root);
        Process p = new ProcessBuilder(httpd.toString(), "-d", root.toString(), "-f", conf.toString(), "-D",
                "FOREGROUND").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("logs/console.log").toFile())).start();
        HttpdProcess started = new HttpdProcess(root, host, ports, p);
        try {
            started.awaitServing(before, "start");
        } catch (RuntimeException e) {
            started.kill();
            throw e;
        }
        return started;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends {@code signal} (e.g. USR1, HUP) to the parent and waits until httpd serves again, from new children only. */
    public void signal(String signal, String what) {
        if (!process.isAlive()) {
            throw new IllegalStateException("httpd is not running: cannot do a " + what);
        }
        int before = readyCount(root);
        List<ProcessHandle> oldChildren = process.descendants().toList();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal httpd: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        awaitServing(before, what);
        // Until the old generation's children are gone they may still accept a connection and answer
        // from the tables httpd had before (a graceful restart lets them finish): wait for them too.
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        for (ProcessHandle old : oldChildren) {
            try {
                old.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("httpd's old child " + old.pid() + " still runs "
                        + START_BOUND.toSeconds() + " s into the " + what + ": " + e, e);
            }
        }
    }

    /**
     * SIGTERM (as {@code apachectl stop}), then SIGKILL to whatever is left after {@code bound}.
     *
     * @return whether httpd stopped within the bound by itself
     */
    public boolean terminate(Duration bound) {
        List<ProcessHandle> all = processes();
        process.destroy();
        boolean stopped = false;
        try {
            stopped = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        killAll(all);
        return stopped;
    }

    /** SIGKILL to the parent and every child; safe at any time, also from a shutdown hook. */
    public void kill() {
        killAll(processes());
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process.toHandle());
        return all;
    }

    private static void killAll(List<ProcessHandle> all) {
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // gone already, or reaped by httpd: nothing left to wait for
            }
        }
    }

    private void awaitServing(int before, String what) {
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("httpd exited during " + what + " (exit " + process.exitValue()
                        + "); end of its logs:\n" + logTail());
            }
            if (readyCount(root) > before && acceptsAll()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("httpd not serving " + START_BOUND.toSeconds() + " s into " + what
                        + "; end of its logs:\n" + logTail());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during " + what, e);
            }
        }
    }

    private boolean acceptsAll() {
        for (int port : ports) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Every line of the error log below {@code root} so far (empty before httpd wrote one). */
    public static List<String> errorLog(Path root) {
        try {
            Path log = root.resolve("logs/error.log");
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read httpd's error log: " + e.getMessage(), e);
        }
    }

    private static int readyCount(Path root) {
        return (int) errorLog(root).stream().filter(l -> l.contains(READY)).count();
    }

    private String logTail() {
        List<String> lines = new ArrayList<>();
        for (String file : List.of("logs/console.log", "logs/error.log")) {
            try {
                Path p = root.resolve(file);
                List<String> all = Files.exists(p) ? Files.readAllLines(p) : List.of();
                lines.add("--- " + file);
                lines.addAll(all.subList(Math.max(0, all.size() - 20), all.size()));
            } catch (IOException e) {
                lines.add("--- " + file + ": " + e);
            }
        }
        return String.join("\n", lines);
    }

    /** {@code n} ports free on loopback right now (httpd binds them moments later). */
    public static int[] freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // a probe socket
                }
            }
        }
    }
}
