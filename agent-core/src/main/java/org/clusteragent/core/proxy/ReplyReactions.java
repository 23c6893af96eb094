package org.clusteragent.core.proxy;

import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.spi.ProxyAddress;
import org.jboss.logging.Logger;

/**
 * What a reply means for its lane's state: the one place that maps MCMP replies to transitions
 * (SYNTAX or 501 to DOWN, unknown node to a resync, a new proxy id to a resync, anything else to
 * "the proxy answers"). Stateless; called on the lane thread.
 */
final class ReplyReactions {

    private static final Logger LOG = Logger.getLogger(ReplyReactions.class);

    private ReplyReactions() {
    }

    static void react(LaneHealth lane, ProxyAddress proxy, McmpRequest request, McmpReply reply, boolean resyncing) {
        String command = request.command().wireName();
        if (reply instanceof McmpReply.NotMcmp notMcmp) {
            int status = notMcmp.httpStatus();
            if (status >= 500 && status != 501) {
                // 502/503/504: a gateway or an overloaded server in front of the proxy; may pass
                lane.unreachable(new java.io.IOException("HTTP " + status + " " + notMcmp.reason() + " to " + command));
                return;
            }
            lane.down("it answered " + command + " with HTTP " + notMcmp.httpStatus() + " " + notMcmp.reason()
                    + ", so it is not an MCMP endpoint; check the port, and that its VirtualHost has EnableMCPMReceive");
            return;
        }
        if (reply instanceof McmpReply.ErrorReply error) {
            if (error.type() == McmpReply.ErrorType.SYNTAX) {
                lane.down("it rejected " + command + " as malformed (" + error.message()
                        + "); a configured value is probably too long or invalid for this proxy");
                return;
            }
            lane.answering();
            if (error.nodeUnknown()) {
                LOG.infof("CLAG1106: proxy %s does not know this node (%s); telling it this node's state",
                        proxy, error.message());
                lane.nodeUnknown(resyncing);
            } else if (error.nodeConflict()) {
                LOG.errorf("CLAG1107: proxy %s refused %s: %s. Another node uses the same jvmRoute with a "
                        + "different address; give each node a unique jvmRoute.", proxy, command, error.message());
            } else {
                LOG.warnf("CLAG1104: proxy %s answered %s with error %s: %s", proxy, command, error.type(),
                        error.message());
            }
            return;
        }
        lane.answering();
        if (reply instanceof McmpReply.Malformed malformed) {
            LOG.warnf("CLAG1111: proxy %s sent an unreadable reply to %s: %s", proxy, command, malformed.why());
        } else if (reply instanceof McmpReply.StatusReply status) {
            status.id().ifPresent(id -> lane.idSeen(id, resyncing));
        } else if (reply instanceof McmpReply.PingReply ping) {
            ping.id().ifPresent(id -> lane.idSeen(id, resyncing));
        }
    }
}
