package org.clusteragent.core.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.clusteragent.core.mcmp.McmpReply;
import org.clusteragent.core.mcmp.McmpRequest;

/** One entry of a {@link ProxyLane}'s queue. Immutable. */
sealed interface LaneTask {

    /**
     * Send a command and complete the future with its reply; {@code riders} are the futures of the
     * older STATUS requests this one replaced, answered the same way (filled under the queue's lock
     * while queued, read by the lane thread once taken).
     */
    record Send(McmpRequest request, CompletableFuture<McmpReply> future,
                List<CompletableFuture<McmpReply>> riders) implements LaneTask {

        Send(McmpRequest request, CompletableFuture<McmpReply> future) {
            this(request, future, new ArrayList<>());
        }

        void complete(McmpReply reply) {
            future.complete(reply);
            riders.forEach(f -> f.complete(reply));
        }

        void fail(Throwable failure) {
            future.completeExceptionally(failure);
            riders.forEach(f -> f.completeExceptionally(failure));
        }
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
