package org.clusteragent.harness.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.clusteragent.harness.logs.LogMessageIds.Message;
import org.junit.jupiter.api.Test;

/**
 * The build's check of log message ids (CLAGnnnn), over the main sources of every module: an id
 * names one message only, and docs/log-messages.md has a row for every id in use (with the level
 * the code logs it at) and none for an id no longer used. The failure messages say exactly what
 * to change.
 */
class LogMessageIdsTest {

    private static final Path ROOT = projectRoot();
    private static final Path DOC = ROOT.resolve("docs/log-messages.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(CLAG\\d{4})\\s*\\|\\s*([A-Z?]+)\\s*\\|(.*)\\|\\s*$");
    private static final String RUN = "mvn -B -ntp -q -pl test-harness -am verify -Dtest=LogMessageIdsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false";

    @Test
    void everyIdNamesOneMessage() {
        Map<String, Map<String, List<Message>>> byId = new TreeMap<>();
        for (Message m : LogMessageIds.scan(ROOT)) {
            byId.computeIfAbsent(m.id(), id -> new LinkedHashMap<>())
                    .computeIfAbsent(m.text(), text -> new ArrayList<>()).add(m);
        }
        StringBuilder problems = new StringBuilder();
        byId.forEach((id, texts) -> {
            if (texts.size() > 1) {
                problems.append("\n").append(id).append(" names ").append(texts.size())
                        .append(" different messages; give all but one a new id from your range:");
                texts.forEach((text, uses) -> uses.forEach(m ->
                        problems.append("\n    ").append(m.where()).append(": \"").append(text).append('"')));
            }
        });
        if (!problems.isEmpty()) {
            fail("Log message ids must be unique (" + RUN + "):" + problems);
        }
    }

    @Test
    void everyIdInUseHasItsRowInTheDocsAndNoOther() throws IOException {
        Map<String, Message> inUse = new TreeMap<>();
        LogMessageIds.scan(ROOT).forEach(m -> inUse.putIfAbsent(m.id(), m));
        Map<String, String> documented = documentedLevels();

        StringBuilder problems = new StringBuilder();
        List<String> missing = new ArrayList<>();
        inUse.forEach((id, m) -> {
            String level = documented.get(id);
            if (level == null) {
                missing.add("| " + id + " | " + m.level() + " | " + m.module() + " | " + m.text().strip()
                        + " | <what it means and what to do> |    (from " + m.where() + ")");
            } else if (!m.level().equals("?") && !m.level().equals(level)) {
                problems.append("\n").append(id).append(" is logged at ").append(m.level()).append(" (")
                        .append(m.where()).append(") but docs/log-messages.md says ").append(level)
                        .append("; correct the Level column of its row");
            }
        });
        if (!missing.isEmpty()) {
            problems.append("\nAdd these rows to the table in docs/log-messages.md (in id order; replace"
                    + " the placeholder with a sentence, drop the \"(from ...)\"):");
            missing.forEach(row -> problems.append("\n").append(row));
        }
        documented.keySet().stream().filter(id -> !inUse.containsKey(id)).forEach(id ->
                problems.append("\n").append(id).append(" is in docs/log-messages.md but in no main source;"
                        + " remove its row"));
        if (!problems.isEmpty()) {
            fail("docs/log-messages.md does not match the log messages in the sources (" + RUN + "):" + problems);
        }
    }

    @Test
    void theScannerSeesConcatenatedAndFormattedMessagesAndSkipsComments() {
        String source = """
                /** Ids CLAG1000..1099 live here. */
                class X {
                    void a() {
                        // "CLAG1001: commented out"
                        LOG.warnf("CLAG1002: proxy %s said %s", proxy, ok ? "yes" : "no");
                        warnings.add("CLAG1003: " + name + " is unknown (" + value.trim() + ")");
                        Log.LOG.log(System.Logger.Level.WARNING, "CLAG1004: metric ''{0}''", name);
                        LOG.errorf(e, "CLAG1005: failed in %s", call(x, "arg"));
                    }
                }
                """;
        List<Message> found = LogMessageIds.scan(Path.of("X.java"), "m", source);
        assertEquals(List.of("CLAG1002", "CLAG1003", "CLAG1004", "CLAG1005"),
                found.stream().map(Message::id).toList());
        assertEquals(List.of("WARN", "WARN", "WARN", "ERROR"), found.stream().map(Message::level).toList());
        assertEquals("proxy %s said %syesno", found.get(0).text());
        assertEquals(" is unknown ()", found.get(1).text());
        assertEquals("failed in %sarg", found.get(3).text());
        assertEquals(5, found.get(0).line());
    }

    private static Map<String, String> documentedLevels() throws IOException {
        assertTrue(Files.isRegularFile(DOC), DOC + " is missing");
        Map<String, String> levels = new TreeMap<>();
        List<String> duplicates = new ArrayList<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher row = ROW.matcher(line);
            if (row.matches() && levels.put(row.group(1), row.group(2)) != null) {
                duplicates.add(row.group(1));
            }
        }
        assertTrue(duplicates.isEmpty(), "docs/log-messages.md has more than one row for " + duplicates);
        return levels;
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("agent-spi")) && Files.isDirectory(dir.resolve("docs")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not run inside the clusteragent source tree: " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
