package org.clusteragent.core.agent;

import org.clusteragent.core.mcmp.McmpCommand;

/**
 * The state a context should have on every proxy. Each state has the one MCMP command that puts a
 * context into it, so that replaying the desired state is a matter of sending that command.
 */
public enum AppState {
    /** Routable: new sessions and requests go to this node. */
    ENABLED(McmpCommand.ENABLE_APP),
    /** Draining sessions: requests of existing sessions still arrive, new sessions go elsewhere. */
    DISABLED(McmpCommand.DISABLE_APP),
    /** Draining requests: no request is routed here any more. */
    STOPPED(McmpCommand.STOP_APP);

    private final McmpCommand command;

    AppState(McmpCommand command) {
        this.command = command;
    }

    /** The command that sets this state on a proxy. */
    public McmpCommand command() {
        return command;
    }
}
