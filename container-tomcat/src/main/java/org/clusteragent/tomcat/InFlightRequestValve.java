package org.clusteragent.tomcat;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Counts the requests currently inside one context's pipeline, so that a drain can wait for them.
 * The adapter adds one instance to each context it follows and removes it when the context goes.
 * Costs two {@link LongAdder} updates per request and allocates nothing. A request that goes
 * asynchronous counts only until its container thread leaves the pipeline; the async remainder is
 * not counted. Thread-safe.
 */
final class InFlightRequestValve extends ValveBase {

    private final LongAdder inFlight = new LongAdder();

    InFlightRequestValve() {
        // Async-capable, or Tomcat would refuse async requests for the whole context.
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        inFlight.increment();
        try {
            getNext().invoke(request, response);
        } finally {
            inFlight.decrement();
        }
    }

    /** Requests currently being processed; never negative. */
    int inFlight() {
        long n = inFlight.sum();
        // sum() is not atomic across cells: a racing decrement can be seen before its increment.
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, n));
    }
}
