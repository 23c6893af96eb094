package org.clusteragent.core.proxy;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

import org.clusteragent.core.mcmp.McmpCommand;
import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.spi.ProxyAddress;

/**
 * Counters of one lane. Written by the lane thread, read by whoever takes a snapshot; methods are
 * synchronized because both are rare compared with network round trips.
 */
final class LaneStats {

    private static final int MAX_TEXT = 300;

    private final Map<McmpCommand, long[]> commands = new EnumMap<>(McmpCommand.class);
    private final Map<McmpReply.ErrorType, Long> errors = new EnumMap<>(McmpReply.ErrorType.class);
    private String lastReply = "";
    private String lastError = "";
    private long failures;
    private long idChanges;
    private long dropped;

    synchronized void replied(McmpCommand command, long nanos, McmpReply reply) {
        long[] c = commands.computeIfAbsent(command, k -> new long[3]);
        c[0]++;
        c[1] += nanos;
        c[2] = Math.max(c[2], nanos);
        lastReply = abbreviate(command.wireName() + " -> " + reply);
        if (reply instanceof McmpReply.ErrorReply error) {
            errors.merge(error.type(), 1L, Long::sum);
            lastError = lastReply;
        } else if (reply instanceof McmpReply.NotMcmp || reply instanceof McmpReply.Malformed) {
            lastError = lastReply;
        }
    }

    synchronized void failed(McmpCommand command, Exception cause) {
        failures++;
        lastError = abbreviate(command.wireName() + " failed: " + cause);
    }

    synchronized long idChanges() {
        return idChanges;
    }

    synchronized void idChanged() {
        idChanges++;
    }

    synchronized void dropped() {
        dropped++;
    }

    synchronized ProxySnapshot snapshot(ProxyAddress address, ProxyState state, OptionalLong lastId, long connections,
                                        int queued, long coalesced) {
        Map<McmpCommand, CommandStats> perCommand = new EnumMap<>(McmpCommand.class);
        commands.forEach((k, v) -> perCommand.put(k, new CommandStats(v[0], v[1], v[2])));
        return new ProxySnapshot(address, state, lastReply, lastError, lastId, perCommand, errors, failures,
                idChanges, dropped, connections, queued, coalesced);
    }

    private static String abbreviate(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }
}
