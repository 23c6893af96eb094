package org.clusteragent.harness.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * The life of a local-cluster node, the same for every container: which operation is allowed in
 * which {@link ClusterNode.State}, the states shown while an operation runs, the log lines
 * (CLAG81xx), the node's temporary directory and its registration with {@link NodeThreads}.
 * Subclasses only do the container's part ({@link #startContainer()}, {@link #stopContainer()},
 * {@link #undeployDemo()}, {@link #deployDemo()}, {@link #releaseContainer()}). An operation the
 * current state does not allow is refused with a {@link RefusedException} that says why, so the
 * live page can answer 409 instead of pretending. Thread-safe; operations are serialised.
 */
abstract class ContainerNode implements ClusterNode {

    /** An operation the node's state does not allow; the message says what to do instead. */
    static final class RefusedException extends IllegalStateException {
        RefusedException(String message) {
            super(message);
        }
    }

    private static final Logger LOG = Logger.getLogger(ContainerNode.class);

    private final String name;
    private final String kind;
    private final String label;
    protected final ClusterSettings settings;
    protected final Path baseDir;
    private volatile State state = State.NEW;
    private volatile int port;
    private boolean closed;

    /**
     * @param kind  {@code tomcat} or {@code undertow}, as {@link #kind()} reports it
     * @param label the container's name in log lines, e.g. {@code Tomcat}
     */
    ContainerNode(String name, String kind, String label, ClusterSettings settings) throws IOException {
        this.name = name;
        this.kind = kind;
        this.label = label;
        this.settings = settings;
        this.baseDir = Files.createTempDirectory("clusteragent-" + name + "-");
    }

    /** Starts the container with the demo deployed; returns the port its HTTP listener is bound to. */
    protected abstract int startContainer() throws Exception;

    /** Stops the container; the agent drains the node first. */
    protected abstract void stopContainer() throws Exception;

    /** Undeploys the demo from the running container; the agent drains it first. */
    protected abstract void undeployDemo() throws Exception;

    /** Deploys the demo again on the running container. */
    protected abstract void deployDemo() throws Exception;

    /** Releases whatever the container still holds, at close (also after a failed start); a failure is logged. */
    protected abstract void releaseContainer();

    /** The prefix of the container's request threads' names (see {@link NodeThreads}). */
    protected abstract String threadPrefix();

    /** The class loader of the demo while it is deployed, else null. */
    protected abstract ClassLoader webAppLoader();

    /** Registers the node's threads; call at the end of the subclass's constructor. */
    protected final void registerThreads() {
        NodeThreads.register(name, threadPrefix(), this::webAppLoader);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final State state() {
        return state;
    }

    @Override
    public final int port() {
        return port;
    }

    /** Why {@code action} cannot run in the node's current state, or empty when it can. */
    final Optional<String> refusal(LocalCluster.Action action) {
        State now = state;
        String is = "node " + name + " is " + now.name().toLowerCase(java.util.Locale.ROOT);
        boolean busy = now == State.STARTING || now == State.STOPPING || now == State.UNDEPLOYING
                || now == State.DEPLOYING;
        if (busy) {
            return Optional.of(is + "; wait until it is done");
        }
        return switch (action) {
            case START -> now == State.RUNNING || now == State.UNDEPLOYED
                    ? Optional.of(is + " already") : Optional.empty();
            case STOP -> now == State.RUNNING || now == State.UNDEPLOYED
                    ? Optional.empty() : Optional.of(is + ": nothing to stop");
            case UNDEPLOY -> now == State.RUNNING ? Optional.empty()
                    : Optional.of(is + ": the demo can be undeployed only from a running node"
                    + (now == State.UNDEPLOYED ? " (it is undeployed already)" : "; start it first"));
            case REDEPLOY -> now == State.UNDEPLOYED ? Optional.empty()
                    : Optional.of(is + ": only an undeployed demo can be deployed again"
                    + (now == State.RUNNING ? " (it is deployed)" : "; start the node first"));
            case CPU -> now == State.RUNNING ? Optional.empty()
                    : Optional.of(is + ": CPU load goes to the demo, which must be running");
        };
    }

    private void check(LocalCluster.Action action) {
        if (closed) {
            throw new RefusedException("node " + name + " is closed");
        }
        refusal(action).ifPresent(reason -> {
            throw new RefusedException(reason);
        });
    }

    @Override
    public final synchronized void start() throws Exception {
        check(LocalCluster.Action.START);
        state = State.STARTING;
        try {
            port = startContainer();
            state = State.RUNNING;
            LOG.infof("CLAG8101: node %s (%s) serving on 127.0.0.1:%d", name, label, port);
        } catch (Exception | Error e) {
            state = State.FAILED;
            LOG.warnf("CLAG8102: node %s (%s) failed to start: %s", name, label, e.toString());
            throw e;
        }
    }

    @Override
    public final synchronized void stop() throws Exception {
        check(LocalCluster.Action.STOP);
        state = State.STOPPING;
        try {
            stopContainer();
        } finally {
            state = State.STOPPED;
        }
        LOG.infof("CLAG8103: node %s (%s) stopped", name, label);
    }

    @Override
    public final synchronized void undeploy() throws Exception {
        check(LocalCluster.Action.UNDEPLOY);
        state = State.UNDEPLOYING;
        try {
            undeployDemo();
            state = State.UNDEPLOYED;
        } catch (Exception | Error e) {
            state = State.FAILED;
            throw e;
        }
        LOG.infof("CLAG8104: demo undeployed from node %s (%s)", name, label);
    }

    @Override
    public final synchronized void redeploy() throws Exception {
        check(LocalCluster.Action.REDEPLOY);
        state = State.DEPLOYING;
        try {
            deployDemo();
            state = State.RUNNING;
        } catch (Exception | Error e) {
            state = State.FAILED;
            throw e;
        }
        LOG.infof("CLAG8105: demo deployed again on node %s (%s)", name, label);
    }

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (state == State.RUNNING || state == State.UNDEPLOYED) {
                state = State.STOPPING;
                stopContainer();
            }
            releaseContainer();
        } catch (Exception e) {
            LOG.warnf("CLAG8106: node %s (%s) did not stop cleanly: %s", name, label, e.toString());
        } finally {
            state = State.STOPPED;
            NodeThreads.unregister(name);
            TempFiles.deleteQuietly(baseDir);
        }
    }
}
