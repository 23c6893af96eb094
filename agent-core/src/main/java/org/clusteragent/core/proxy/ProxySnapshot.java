package org.clusteragent.core.proxy;

import java.util.Map;
import java.util.OptionalLong;

import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.spi.ProxyAddress;

/**
 * A point-in-time view of one proxy lane, for operations and metrics. Immutable; counters are
 * totals since the proxy was added.
 *
 * @param address     the proxy
 * @param state       its state when the snapshot was taken
 * @param lastReply   the last reply, as text ({@code ""} before the first)
 * @param lastError   the last failure or error reply, as text ({@code ""} if none yet)
 * @param lastId      the proxy's last id seen in a STATUS or PING reply (its start time)
 * @param commands    per command: replies received and their timing
 * @param errors      error replies received, by MCMP error type
 * @param failures    exchanges that got no reply (connection failures, timeouts)
 * @param idChanges   how often the proxy's id changed (proxy restarts seen)
 * @param dropped     commands not sent because the lane was in ERROR or DOWN
 * @param connections TCP connections opened to the proxy
 * @param queued      commands and resyncs waiting in the lane's queue
 * @param coalesced   STATUS and resync requests folded into one already waiting (only the newest load is sent)
 */
public record ProxySnapshot(ProxyAddress address, ProxyState state, String lastReply, String lastError,
                            OptionalLong lastId, Map<McmpCommand, CommandStats> commands,
                            Map<McmpReply.ErrorType, Long> errors, long failures, long idChanges,
                            long dropped, long connections, int queued, long coalesced) {

    public ProxySnapshot {
        commands = Map.copyOf(commands);
        errors = Map.copyOf(errors);
    }
}
