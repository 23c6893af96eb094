package org.clusteragent.core.agent;

import java.util.List;
import java.util.function.Consumer;

import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.spi.AgentObserver;
import org.clusteragent.spi.AgentView;
import org.clusteragent.spi.ProxyAddress;

/**
 * Fans agent events out to every {@link AgentObserver}, translating replies into the observer's
 * outcome words and shielding the agent from an observer that throws (logged once per observer,
 * then ignored). Thread-safe.
 */
public final class Observers {

    private final List<AgentObserver> observers;
    private final boolean[] complained;

    public Observers(List<AgentObserver> observers) {
        this.observers = List.copyOf(observers);
        this.complained = new boolean[this.observers.size()];
    }

    public boolean isEmpty() {
        return observers.isEmpty();
    }

    public void started(AgentView view) {
        each(o -> o.started(view));
    }

    public void stopped() {
        each(AgentObserver::stopped);
    }

    public void replied(ProxyAddress proxy, McmpRequest request, McmpReply reply, long nanos) {
        if (!observers.isEmpty()) {
            String outcome = outcomeOf(reply);
            each(o -> o.exchanged(proxy, request.command().wireName(), nanos, outcome));
        }
    }

    public void failed(ProxyAddress proxy, McmpRequest request) {
        each(o -> o.exchanged(proxy, request.command().wireName(), 0, AgentObserver.NO_REPLY));
    }

    public void proxyRestarted(ProxyAddress proxy) {
        each(o -> o.proxyRestarted(proxy));
    }

    /** The outcome word of a reply: OK, or what kind of error it is. */
    public static String outcomeOf(McmpReply reply) {
        if (reply instanceof McmpReply.ErrorReply error) {
            return error.type().name();
        }
        if (reply instanceof McmpReply.NotMcmp) {
            return "NOT_MCMP";
        }
        if (reply instanceof McmpReply.Malformed) {
            return "MALFORMED";
        }
        return AgentObserver.OK;
    }

    private void each(Consumer<AgentObserver> call) {
        for (int i = 0; i < observers.size(); i++) {
            try {
                call.accept(observers.get(i));
            } catch (RuntimeException e) {
                synchronized (complained) {
                    if (!complained[i]) {
                        complained[i] = true;
                        AgentLog.observerFailed(observers.get(i).getClass().getName(), e);
                    }
                }
            }
        }
    }
}
