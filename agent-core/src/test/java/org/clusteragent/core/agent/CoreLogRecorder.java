package org.clusteragent.core.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what agent-core logs (jboss-logging on java.util.logging in these tests) while open, and
 * keeps it off the console: the tests assert on expected warnings instead of printing them.
 */
final class CoreLogRecorder extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("org.clusteragent.core");
    private final boolean parentHandlers;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    CoreLogRecorder() {
        setLevel(Level.ALL);
        parentHandlers = logger.getUseParentHandlers();
        logger.setUseParentHandlers(false);
        logger.addHandler(this);
    }

    /** Formatted messages that start with {@code id}, in order. */
    List<String> withId(String id) {
        return records.stream().map(r -> r.getParameters() == null ? r.getMessage()
                        : new java.util.logging.SimpleFormatter().formatMessage(r))
                .filter(m -> m.startsWith(id)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(parentHandlers);
    }
}
