package org.clusteragent.spi.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what the project logs while a test provokes it, so that expected warnings are checked
 * by the test instead of printed into the build's output. Works on the JDK's logging, where
 * jboss-logging (no other backend on a test class path) and {@code System.Logger} both end up.
 * While open, records at {@code minimum} or above under the logger (default {@code org.clusteragent})
 * are kept here and not passed on to the console; lower ones go on as before. Close it (try-with-
 * resources) to restore the logger. Thread-safe: records from any thread are collected.
 *
 * <pre>{@code
 * try (CapturedLog log = CapturedLog.capture()) {
 *     provokeTheWarning();
 *     assertEquals(1, log.withId("CLAG1101").size(), log.toString());
 * }
 * }</pre>
 */
public final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final boolean passedOn;
    private final Level minimum;
    private final Handler[] consoleHandlers;
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private CapturedLog(String loggerName, Level minimum) {
        this.logger = Logger.getLogger(loggerName);
        this.minimum = minimum;
        this.passedOn = logger.getUseParentHandlers();
        this.consoleHandlers = Logger.getLogger("").getHandlers();
        setLevel(Level.ALL);
        logger.addHandler(this);
        logger.setUseParentHandlers(false);
    }

    /** Captures WARN/WARNING and above (and everything else too, for {@link #messages()}) under org.clusteragent. */
    public static CapturedLog capture() {
        return new CapturedLog("org.clusteragent", Level.WARNING);
    }

    /** As {@link #capture()}, for another logger or another threshold of what is kept off the console. */
    public static CapturedLog capture(String loggerName, Level minimum) {
        return new CapturedLog(loggerName, minimum);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
        if (record.getLevel().intValue() < minimum.intValue()) {
            for (Handler console : consoleHandlers) {
                console.publish(record); // below the threshold: printed as without the capture
            }
        }
    }

    /** Every message logged so far, formatted (parameters filled in), oldest first. */
    public List<String> messages() {
        return records.stream().map(formatter::formatMessage).toList();
    }

    /** The messages that start with {@code id:}, e.g. {@code withId("CLAG2006")}. */
    public List<String> withId(String id) {
        return messages().stream().filter(m -> m.startsWith(id + ":")).toList();
    }

    /** The messages logged at {@code level} or above. */
    public List<String> atLeast(Level level) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue())
                .map(formatter::formatMessage).toList();
    }

    /** The one message with this id; fails, listing everything captured, when there is none or several. */
    public String one(String id) {
        List<String> found = withId(id);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + id + " line, found " + found.size() + "; captured: " + this);
        }
        return found.get(0);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(passedOn);
    }

    @Override
    public String toString() {
        return messages().toString();
    }
}
