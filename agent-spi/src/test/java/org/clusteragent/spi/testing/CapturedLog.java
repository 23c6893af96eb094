package org.clusteragent.spi.testing;

import java.util.ArrayList;
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
 * jboss-logging (no other backend on a test class path), {@code System.Logger} and Tomcat's JULI
 * all end up. While open, records at {@code minimum} or above under the captured loggers (default
 * {@code org.clusteragent}) are kept here and not passed on to the console; lower ones go on as
 * before. {@link #listen} keeps everything and mutes nothing. Close it (try-with-resources) to
 * restore the loggers; captures may nest. Thread-safe: records from any thread are collected.
 *
 * <pre>{@code
 * try (CapturedLog log = CapturedLog.capture()) {
 *     provokeTheWarning();
 *     assertEquals(1, log.withId("CLAG1101").size(), log.toString());
 * }
 * }</pre>
 */
public final class CapturedLog extends Handler implements AutoCloseable {

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Boolean> passedOn = new ArrayList<>();
    private final Level minimum;
    private final Handler[] consoleHandlers;
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private CapturedLog(Level minimum, String... loggerNames) {
        if (loggerNames.length == 0) {
            throw new IllegalArgumentException("name at least one logger to capture");
        }
        this.minimum = minimum;
        this.consoleHandlers = Logger.getLogger("").getHandlers();
        setLevel(Level.ALL);
        for (String name : loggerNames) {
            Logger logger = Logger.getLogger(name);
            loggers.add(logger); // held: the JDK keeps loggers only weakly, and would forget the settings
            passedOn.add(logger.getUseParentHandlers());
            logger.addHandler(this);
            if (mutes()) {
                logger.setUseParentHandlers(false);
            }
        }
    }

    /** Captures WARN/WARNING and above (and everything else too, for {@link #messages()}) under org.clusteragent. */
    public static CapturedLog capture() {
        return new CapturedLog(Level.WARNING, "org.clusteragent");
    }

    /** As {@link #capture()}, for another logger or another threshold of what is kept off the console. */
    public static CapturedLog capture(String loggerName, Level minimum) {
        return new CapturedLog(minimum, loggerName);
    }

    /** As {@link #capture()}, for several loggers (e.g. ours and the container's), one threshold for all. */
    public static CapturedLog capture(Level minimum, String... loggerNames) {
        return new CapturedLog(minimum, loggerNames);
    }

    /** Collects what these loggers (default org.clusteragent) log, and leaves the console as it is. */
    public static CapturedLog listen(String... loggerNames) {
        return new CapturedLog(Level.OFF, loggerNames.length == 0 ? new String[] {"org.clusteragent"} : loggerNames);
    }

    private boolean mutes() {
        return minimum != Level.OFF;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
        if (mutes() && record.getLevel().intValue() < minimum.intValue()) {
            for (Handler console : consoleHandlers) {
                console.publish(record); // below the threshold: printed as without the capture
            }
        }
    }

    /** Every message logged so far, formatted (parameters filled in), oldest first. */
    public List<String> messages() {
        return records.stream().map(this::text).toList();
    }

    /** The messages that start with {@code id:}, e.g. {@code withId("CLAG2006")}. */
    public List<String> withId(String id) {
        return messages().stream().filter(m -> m.startsWith(id + ":")).toList();
    }

    /** The messages logged at {@code level} or above. */
    public List<String> atLeast(Level level) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).map(this::text).toList();
    }

    /** The messages logged as errors: SEVERE, which is also jboss-logging's ERROR and FATAL on the JDK. */
    public List<String> errors() {
        return atLeast(Level.SEVERE);
    }

    /** The one message with this id; fails, listing everything captured, when there is none or several. */
    public String one(String id) {
        List<String> found = withId(id);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + id + " line, found " + found.size() + "; captured: " + this);
        }
        return found.get(0);
    }

    private String text(LogRecord record) {
        String text = formatter.formatMessage(record);
        return text == null ? "" : text;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        for (int i = loggers.size() - 1; i >= 0; i--) {
            loggers.get(i).removeHandler(this);
            if (mutes()) {
                loggers.get(i).setUseParentHandlers(passedOn.get(i));
            }
        }
    }

    @Override
    public String toString() {
        return messages().toString();
    }
}
