package org.clusteragent.undertow;

import org.xnio.XnioWorker;
import org.xnio.management.XnioWorkerMXBean;

/**
 * Reads request-thread figures from an XNIO worker's management bean: Undertow runs blocking
 * (servlet) requests on the worker's task pool, so its busy count over its maximum size is the
 * busy-threads load. 0 when the worker is not known yet or is shutting down. Stateless.
 */
final class WorkerThreads {

    private WorkerThreads() {
    }

    static int busy(XnioWorker worker) {
        XnioWorkerMXBean bean = bean(worker);
        return bean == null ? 0 : Math.max(0, bean.getBusyWorkerThreadCount());
    }

    static int max(XnioWorker worker) {
        XnioWorkerMXBean bean = bean(worker);
        return bean == null ? 0 : Math.max(0, bean.getMaxWorkerPoolSize());
    }

    private static XnioWorkerMXBean bean(XnioWorker worker) {
        if (worker == null || worker.isShutdown()) {
            return null;
        }
        return worker.getMXBean();
    }
}
