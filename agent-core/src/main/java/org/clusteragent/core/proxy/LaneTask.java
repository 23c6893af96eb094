package org.clusteragent.core.proxy;

import java.util.concurrent.CompletableFuture;

import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;

/** One entry of a {@link ProxyLane}'s queue. Immutable. */
sealed interface LaneTask {

    /** Send a command and complete the future with its reply. */
    record Send(McmpRequest request, CompletableFuture<McmpReply> future) implements LaneTask {
    }

    /** Tell the proxy everything, in order with the commands around it. */
    record Resync(ResyncReason reason) implements LaneTask {
    }

    /** Leave DOWN (or wait no longer in ERROR): try the proxy again now. */
    record Reset() implements LaneTask {
    }

    /** End the lane thread. */
    record Stop() implements LaneTask {
    }
}
