package org.clusteragent.core.proxy;

import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;
import org.clusteragent.spi.ProxyAddress;
import org.jboss.logging.Logger;

/**
 * What a reply means for its lane's state: the one place that maps MCMP replies to transitions.
 * DOWN is only for what retrying cannot fix: an MCMP SYNTAX error or HTTP 501 (not an MCMP
 * endpoint). Any other reply without MCMP headers (408, 429, 503, 502, 504, a 404 from a proxy
 * still starting) is an outage retried with backoff. An unknown node or a new proxy id asks for a
 * resync; anything else means "the proxy answers". Stateless; called on the lane thread.
 */
final class ReplyReactions {

    private static final Logger LOG = Logger.getLogger(ReplyReactions.class);

    private ReplyReactions() {
    }

    /** What an operator should know about a non-MCMP status that is being retried. */
    static String transience(int status) {
        if (status == 408 || status == 429 || status == 503 || status == 502 || status == 504) {
            return "";
        }
        return " (not an MCMP reply; retrying, but if it lasts check the port and that its VirtualHost has"
                + " EnableMCMPReceive)";
    }

    static void react(LaneHealth lane, ProxyAddress proxy, McmpRequest request, McmpReply reply, boolean resyncing) {
        String command = request.command().wireName();
        if (reply instanceof McmpReply.NotMcmp notMcmp) {
            int status = notMcmp.httpStatus();
            if (status == 501) {
                lane.down("it answered " + command + " with HTTP 501 " + notMcmp.reason()
                        + ", so it is not an MCMP endpoint; check the port, and that its VirtualHost has"
                        + " EnableMCMPReceive");
                return;
            }
            // 408, 429, 503, gateway errors and the like pass; any other status without MCMP headers may be a
            // proxy still starting or something in front of it: retried with backoff, logged once per outage.
            lane.unreachable(new java.io.IOException("HTTP " + status + " " + notMcmp.reason() + " to " + command
                    + transience(status)));
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
                lane.nodeUnknown(resyncing, error.message());
            } else if (error.nodeConflict()) {
                LOG.errorf("CLAG1107: proxy %s refused %s: %s. Another node uses the same jvmRoute with a "
                        + "different address; give each node a unique jvmRoute.", proxy, command, error.message());
            } else {
                lane.errorReply(command, error.type().toString(), error.message());
            }
            return;
        }
        lane.answering();
        if (reply instanceof McmpReply.Malformed malformed) {
            lane.unreadable(command, malformed.why());
            return;
        }
        lane.goodReply();
        if (reply instanceof McmpReply.StatusReply status) {
            status.id().ifPresent(id -> lane.idSeen(id, resyncing));
        } else if (reply instanceof McmpReply.PingReply ping) {
            ping.id().ifPresent(id -> lane.idSeen(id, resyncing));
        }
    }
}
