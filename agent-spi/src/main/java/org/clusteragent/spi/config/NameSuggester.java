package org.clusteragent.spi.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name (of an attribute, a metric type, …) a mistyped one was probably meant to be, by edit distance,
 * ignoring case (names are case-sensitive, so {@code proxylist} for {@code proxyList} is a
 * typical mistake). Stateless.
 */
public final class NameSuggester {

    private NameSuggester() {
    }

    /** The known name closest to {@code unknown}, when it is close enough to be a typo of it. */
    public static Optional<String> suggest(String unknown, Collection<String> known) {
        String target = unknown.toLowerCase(Locale.ROOT);
        // Short names tolerate fewer edits, or everything would suggest "ssl" or "ttl".
        int allowed = Math.max(1, Math.min(3, target.length() / 4));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known.stream().sorted().toList()) {
            int distance = distance(target, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
