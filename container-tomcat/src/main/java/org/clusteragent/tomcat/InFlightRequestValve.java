package org.clusteragent.tomcat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.clusteragent.spi.InFlightCount;

/**
 * Counts the requests of one context that have not completed yet, so that a drain can wait for
 * them. The adapter adds one instance to each context it follows and removes it when the context
 * goes. A request counts from the moment it enters the context's pipeline until its response is
 * complete: when it leaves the pipeline in asynchronous mode ({@code startAsync}), it goes on
 * counting until the AsyncContext completes (an {@link AsyncListener}'s {@code onComplete}, which the
 * container also fires after an error or a timeout), however many async dispatches come in between;
 * those dispatches are not counted again. The count is an {@link InFlightCount}, which tells the
 * drain when it falls to zero. A synchronous request costs two atomic updates and allocates
 * nothing; an asynchronous one allocates one small listener. Unlike Tomcat's own valves it is not
 * registered with JMX: it has nothing to manage there, and the registration cost every deployment
 * about 35 us. Thread-safe.
 */
final class InFlightRequestValve extends ValveBase {

    private final InFlightCount inFlight = new InFlightCount();

    InFlightRequestValve() {
        // Async-capable, or Tomcat would refuse async requests for the whole context.
        super(true);
    }

    /** Skips {@code LifecycleMBeanBase}'s JMX registration (see the class Javadoc); nothing else to set up. */
    @Override
    protected void initInternal() {
        // no MBean: destroy's unregister is a no-op for a valve that never registered
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            // An async dispatch of a request that is still counted by its completion listener.
            getNext().invoke(request, response);
            return;
        }
        inFlight.increment();
        boolean handedOver = false;
        try {
            getNext().invoke(request, response);
            if (request.isAsyncStarted()) {
                // Still on the thread that started async: Tomcat cannot complete it before we return.
                request.getAsyncContext().addListener(new Completion());
                handedOver = true;
            }
        } finally {
            if (!handedOver) {
                inFlight.decrement();
            }
        }
    }

    /** Requests not yet completed, async ones included; never negative. */
    int inFlight() {
        return inFlight.get();
    }

    /** The count itself, for idle listeners. */
    InFlightCount count() {
        return inFlight;
    }

    /** Gives one async request's count back when it completes, exactly once. */
    private final class Completion implements AsyncListener {
        private final AtomicBoolean done = new AtomicBoolean();

        @Override
        public void onComplete(AsyncEvent event) {
            if (done.compareAndSet(false, true)) {
                inFlight.decrement();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // The container completes the request after the timeout handlers: onComplete follows.
        }

        @Override
        public void onError(AsyncEvent event) {
            // As for a timeout, onComplete follows.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // A dispatch started async again; listeners must register again to stay informed.
            event.getAsyncContext().addListener(this);
        }
    }
}
