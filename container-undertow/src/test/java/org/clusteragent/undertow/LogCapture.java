package org.clusteragent.undertow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects the formatted messages logged under {@code org.clusteragent} (jboss-logging's JDK backend). */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("org.clusteragent");
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> messages = new CopyOnWriteArrayList<>();

    LogCapture() {
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(formatter.formatMessage(record));
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    List<String> withId(String id) {
        return messages.stream().filter(m -> m.startsWith(id + ":")).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
