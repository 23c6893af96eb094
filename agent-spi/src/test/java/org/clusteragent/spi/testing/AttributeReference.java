package org.clusteragent.spi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attribute names documented in {@code docs/attributes.md}, read the way a test needs them:
 * every name written in backticks in the first cell of a row of a table whose first column is
 * headed {@code attribute}, grouped by the {@code ##} section the table is in. The file is found
 * by walking up from the module's directory to the project root. Immutable.
 */
public final class AttributeReference {

    /** The reference, relative to the project root. */
    public static final String PATH = "docs/attributes.md";

    private static final Pattern NAME = Pattern.compile("`([A-Za-z][A-Za-z0-9]*)`");

    private final Path file;
    /** Section heading → names documented in it, in document order. */
    private final Map<String, Set<String>> sections;

    private AttributeReference(Path file, Map<String, Set<String>> sections) {
        this.file = file;
        this.sections = sections;
    }

    /** Reads the project's reference; fails the test with the path tried when it is missing. */
    public static AttributeReference load() {
        Path file = projectRoot().resolve(PATH);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(PATH + " is missing (looked for " + file + ")");
        }
        try {
            return new AttributeReference(file, parse(Files.readAllLines(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory holding the parent pom and {@code docs/}, from the current directory up. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("docs")) && Files.isRegularFile(d.resolve("pom.xml"))
                    && Files.isDirectory(d.resolve("agent-spi"))) {
                return d;
            }
        }
        throw new AssertionError("no project root (a folder with pom.xml, docs/ and agent-spi/) above " + dir);
    }

    static Map<String, Set<String>> parse(List<String> lines) {
        Map<String, Set<String>> sections = new LinkedHashMap<>();
        String section = "";
        boolean inAttributeTable = false;
        boolean previousWasTable = false;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("## ")) {
                section = trimmed.substring(3).strip();
            }
            boolean isTable = trimmed.startsWith("|");
            if (isTable && !previousWasTable) {
                inAttributeTable = firstCell(trimmed).equals("attribute");
            } else if (isTable && inAttributeTable && !trimmed.startsWith("|---")) {
                Matcher m = NAME.matcher(firstCell(trimmed));
                while (m.find()) {
                    sections.computeIfAbsent(section, s -> new TreeSet<>()).add(m.group(1));
                }
            }
            previousWasTable = isTable;
        }
        return sections;
    }

    private static String firstCell(String row) {
        int end = row.indexOf('|', 1);
        return (end < 0 ? row.substring(1) : row.substring(1, end)).strip();
    }

    /** Every documented name, in any section. */
    public Set<String> names() {
        Set<String> all = new TreeSet<>();
        sections.values().forEach(all::addAll);
        return all;
    }

    /** The names documented in the section with this heading (empty when there is none). */
    public Set<String> namesIn(String heading) {
        return sections.getOrDefault(heading, Set.of());
    }

    /** The section headings that hold attribute tables, in document order. */
    public List<String> headings() {
        return new ArrayList<>(sections.keySet());
    }

    /**
     * Fails unless every one of {@code accepted} has a row somewhere in the reference, with a
     * message naming each missing attribute and the exact row to add.
     *
     * @param reader who accepts the names, for the message (e.g. "agent-core's ConfigParser")
     */
    public void assertDocumented(Collection<String> accepted, String reader) {
        assertDocumented(accepted, names(), reader, null);
    }

    /** As {@link #assertDocumented(Collection, String)}, but the rows must be in the given section. */
    public void assertDocumentedIn(String heading, Collection<String> accepted, String reader) {
        assertDocumented(accepted, namesIn(heading), reader, heading);
    }

    private void assertDocumented(Collection<String> accepted, Set<String> documented, String reader,
                                  String heading) {
        Set<String> missing = new TreeSet<>(accepted);
        missing.removeAll(documented);
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder();
        message.append(PATH).append(" (").append(file).append(") has no row for ").append(missing.size())
                .append(" attribute(s) that ").append(reader).append(" accepts: ").append(missing).append(".\n")
                .append(heading == null
                        ? "Add each to the table of the section it belongs to (" + String.join(", ", headings()) + ")"
                        : "Add each to the table of the section \"## " + heading + "\"")
                .append(", as a row of the form\n");
        for (String name : missing) {
            message.append("| `").append(name).append("` *(ours)* | <default when not given> | ")
                    .append("<what it does: unit, range, what 0 or -1 mean> |\n");
        }
        message.append("(drop *(ours)* when the mod_cluster Tomcat listener has the same attribute)");
        throw new AssertionError(message.toString());
    }

    /**
     * Fails when the reference documents a name outside the given section(s) that no parser
     * accepts (a stale or misspelt row).
     */
    public void assertNoStaleRows(Collection<String> known, Collection<String> headingsNotChecked) {
        Set<String> stale = new TreeSet<>();
        sections.forEach((heading, names) -> {
            if (!headingsNotChecked.contains(heading)) {
                names.stream().filter(n -> !known.contains(n)).forEach(n -> stale.add(n + " (## " + heading + ")"));
            }
        });
        if (!stale.isEmpty()) {
            throw new AssertionError(PATH + " documents attribute(s) that no parser accepts: " + stale
                    + "; fix the name in the first cell or remove the row");
        }
    }
}
