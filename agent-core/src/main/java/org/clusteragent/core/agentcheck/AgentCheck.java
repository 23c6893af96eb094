package org.clusteragent.core.agentcheck;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.clusteragent.core.agent.AgentClock;
import org.clusteragent.core.agent.NodeModel;
import org.clusteragent.core.config.AgentCheckSettings;
import org.jboss.logging.Logger;

/**
 * The agent's HAProxy output: runs an {@link AgentCheckResponder} that reports the node's load
 * factor and whether it is serving, draining or gone, from the same state the MCMP lanes send. It
 * decides nothing: the agent tells it when the node starts leaving and when it has left, and each
 * of those waits (bounded by {@link #WAIT_BOUND} and the drain timeout) until every balancer
 * that polled recently has read the new state, so HAProxy stops sending new sessions, then all
 * requests, before the container stops serving. A node with several engines reports its first.
 * Thread-safe.
 */
public final class AgentCheck {

    private static final Logger LOG = Logger.getLogger(AgentCheck.class);

    /** The longest a stop waits for balancers to read one state change. */
    static final Duration WAIT_BOUND = Duration.ofSeconds(5);
    /** A balancer that asked within this long is one to wait for. */
    static final Duration RECENT = Duration.ofSeconds(10);

    private enum Phase { SERVING, LEAVING, LEFT }

    private final AgentCheckSettings settings;
    private final Optional<Duration> drainTimeout;
    private final AgentClock clock;
    private volatile Supplier<List<NodeModel>> nodes = List::of;
    private volatile Phase phase = Phase.SERVING;
    private volatile AgentCheckResponder responder;

    public AgentCheck(AgentCheckSettings settings, Optional<Duration> drainTimeout, AgentClock clock) {
        this.settings = settings;
        this.drainTimeout = drainTimeout;
        this.clock = clock;
    }

    /**
     * Starts answering on {@code agentCheckAddress:agentCheckPort}, when the port is set. An address
     * that cannot be bound is logged as a configuration error naming the attribute; the agent goes
     * on without the responder.
     */
    public synchronized void start(Supplier<List<NodeModel>> nodesOfAgent) {
        if (!settings.enabled() || responder != null) {
            return;
        }
        nodes = nodesOfAgent;
        phase = Phase.SERVING;
        List<NodeModel> now = nodesOfAgent.get();
        int port = settings.port().getAsInt();
        InetSocketAddress address;
        try {
            address = bindAddress(now, port);
        } catch (UnknownHostException e) {
            LOG.errorf("CLAG2506: agentCheckAddress=%s cannot be resolved to an address of this host; "
                    + "HAProxy agent checks get no answer: fix agentCheckAddress", settings.address().orElse(""));
            return;
        }
        try {
            responder = AgentCheckResponder.open(address, this::state, clock::nanoTime);
        } catch (IOException e) {
            String why = e instanceof BindException ? "is already in use or not an address of this host"
                    : "cannot be listened on (" + e.getMessage() + ")";
            LOG.errorf("CLAG2502: agentCheckPort=%d: %s %s; HAProxy agent checks get no answer: choose a free "
                    + "agentCheckPort (or agentCheckAddress)", port, address, why);
            return;
        }
        String node = now.isEmpty() ? "?" : now.get(0).jvmRoute();
        LOG.infof("CLAG2501: answering HAProxy agent checks on %s for node %s: weight = load factor %%, "
                + "ready while serving, drain from the start of a server stop, maint once it no longer takes "
                + "requests, down at load -1. HAProxy sees the node only: disabling, stopping or undeploying "
                + "a single context is invisible to it%s", responder.address(), node,
                now.size() > 1 ? " (several engines: only " + node + " is reported)" : "");
    }

    /** The address the responder listens on; empty when it does not run. */
    public Optional<InetSocketAddress> address() {
        AgentCheckResponder r = responder;
        return r == null ? Optional.empty() : Optional.of(r.address());
    }

    /** The node begins to leave: answer {@code drain} and wait until the balancers read it. */
    public void leaving() {
        changeTo(Phase.LEAVING, AgentCheckState.Word.DRAIN);
    }

    /** The node takes no more requests: answer {@code maint} and wait until the balancers read it. */
    public void left() {
        changeTo(Phase.LEFT, AgentCheckState.Word.MAINT);
    }

    /** Stops answering. Idempotent. */
    public synchronized void stop() {
        AgentCheckResponder r = responder;
        responder = null;
        if (r != null) {
            r.close();
        }
    }

    /** The answer right now; never blocks. */
    AgentCheckState state() {
        List<NodeModel> now = nodes.get();
        int load = now.isEmpty() ? -1 : now.get(0).lastLoad();
        return switch (phase) {
            case SERVING -> AgentCheckState.serving(load);
            case LEAVING -> new AgentCheckState(AgentCheckState.Word.DRAIN, load);
            case LEFT -> new AgentCheckState(AgentCheckState.Word.MAINT, load);
        };
    }

    private void changeTo(Phase next, AgentCheckState.Word word) {
        long since = clock.nanoTime();
        phase = next;
        AgentCheckResponder r = responder;
        if (r == null) {
            return;
        }
        Duration bound = drainTimeout.filter(t -> t.compareTo(WAIT_BOUND) < 0).orElse(WAIT_BOUND);
        try {
            if (!r.awaitAnswered(word, since, RECENT, bound)) {
                LOG.warnf("CLAG2505: not every HAProxy polling %s read '%s' within %d ms; going on",
                        r.address(), word.name().toLowerCase(java.util.Locale.ROOT), bound.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private InetSocketAddress bindAddress(List<NodeModel> now, int port) throws UnknownHostException {
        if (settings.address().isPresent()) {
            return new InetSocketAddress(InetAddress.getByName(settings.address().get()), port);
        }
        Optional<InetAddress> connector = now.isEmpty() ? Optional.empty() : now.get(0).connector().address();
        return connector.map(a -> new InetSocketAddress(a, port)).orElseGet(() -> new InetSocketAddress(port));
    }
}
