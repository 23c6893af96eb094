package org.clusteragent.harness.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.clusteragent.spi.testing.AttributeReference;
import org.junit.jupiter.api.Test;

/**
 * The project's docs stand alone in a clone: every relative link of README.md and docs/*.md points
 * at a file of the project (and, with {@code #anchor}, at a heading of it, slugged as GitHub does),
 * and no page refers to anything outside the project folder.
 */
class DocLinksTest {

    private static final Path ROOT = AttributeReference.projectRoot();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            for (String target : links(Files.readAllLines(page))) {
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto:
                }
                checked++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!resolved.startsWith(ROOT)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " leaves the project folder");
                } else if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no file " + ROOT.relativize(resolved) + ")");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors(Files.readAllLines(resolved)).contains(anchor)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no heading with anchor #" + anchor + " in "
                            + ROOT.relativize(resolved) + ")");
                }
            }
        }
        assertEquals(List.of(), broken, "broken links in the docs");
        assertTrue(checked >= 20, "the check saw the docs' links: " + checked);
    }

    @Test
    void noPageRefersOutsideTheProject() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("../shared") || lines.get(i).contains("shared/DESIGN.md")
                        || lines.get(i).contains("ATTRIBUTES.md") || lines.get(i).contains("MCMP.md")) {
                    found.add(ROOT.relativize(page) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), found, "the docs must stand alone in a clone: use docs/design.md, docs/protocol.md"
                + " and docs/attributes.md instead");
    }

    @Test
    void slugsFollowGitHub() {
        assertEquals(Set.of("2-servlet-extension-mode-no-code", "node-and-balancer-settings", "a-b", "a-b-1"),
                anchors(List.of("## 2. Servlet-extension mode (no code)", "### Node and balancer settings",
                        "# A b", "# A `b`")));
    }

    /** The link targets outside fenced code blocks and inline code. */
    static List<String> links(List<String> lines) {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
            }
            if (fenced || !line.startsWith("#")) {
                continue;
            }
            String text = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
            String slug = text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }
}
