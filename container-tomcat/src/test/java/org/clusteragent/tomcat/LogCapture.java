package org.clusteragent.tomcat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the adapter logs (jboss-logging on java.util.logging, as in Tomcat) while open. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture() {
        this("org.clusteragent.tomcat");
    }

    /** Collects what the logger {@code name} and those below it log. */
    LogCapture(String name) {
        logger = Logger.getLogger(name);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Every formatted message, in order. */
    List<String> messages() {
        return records.stream().map(LogCapture::text).toList();
    }

    /** Formatted messages at SEVERE or above (jboss-logging's ERROR level has SEVERE's value), in order. */
    List<String> errors() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogCapture::text).toList();
    }

    private static String text(LogRecord record) {
        Object[] parameters = record.getParameters();
        String message = record.getMessage();
        return parameters == null || parameters.length == 0 ? message
                : new java.util.logging.SimpleFormatter().formatMessage(record);
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
    }
}
