package org.clusteragent.tomcat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the agent logs (jboss-logging and System.Logger both end in java.util.logging, as
 * in Tomcat) while open. {@code new LogCapture()} listens to the adapter's logger and leaves the
 * console alone; {@link #muting} listens to the named loggers and keeps them off the console, for
 * tests whose warnings are expected.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Boolean> parentHandlers = new ArrayList<>();
    private final boolean mute;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    LogCapture() {
        this(false, "org.clusteragent.tomcat");
    }

    /** Collects what the logger {@code name} and those below it log, leaving the console alone. */
    LogCapture(String name) {
        this(false, name);
    }

    private LogCapture(boolean mute, String... names) {
        this.mute = mute;
        setLevel(Level.ALL);
        for (String name : names) {
            Logger logger = Logger.getLogger(name);
            loggers.add(logger);
            parentHandlers.add(logger.getUseParentHandlers());
            if (mute) {
                logger.setUseParentHandlers(false);
            }
            logger.addHandler(this);
        }
    }

    /** Captures the named loggers and keeps what they log off the console. */
    static LogCapture muting(String... names) {
        return new LogCapture(true, names);
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

    /** Formatted messages starting with {@code id}, in order. */
    List<String> withId(String id) {
        return records.stream().map(LogCapture::text).filter(m -> m != null && m.startsWith(id)).toList();
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
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(this);
            if (mute) {
                loggers.get(i).setUseParentHandlers(parentHandlers.get(i));
            }
        }
    }
}
