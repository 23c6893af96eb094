package org.clusteragent.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.clusteragent.spi.config.NameSuggester;
import org.clusteragent.spi.config.PropertyReader;

/**
 * Sorts every given attribute name into: read here, read by another module, accepted for
 * mod_cluster compatibility (one warning each), or unknown (a problem with a "did you mean"
 * suggestion). Values of unknown names that look secret are masked in the problem. Stateless.
 */
final class NameChecker {

    private NameChecker() {
    }

    static void check(Map<String, String> properties, Set<String> ownedElsewhere, PropertyReader in,
                      List<String> warnings) {
        Set<String> known = new TreeSet<>(AttributeNames.OWN);
        known.addAll(AttributeNames.ALIASES.keySet());
        known.addAll(AttributeNames.IGNORED.keySet());
        known.addAll(AttributeNames.OTHER_MODULES.keySet());
        known.addAll(ownedElsewhere);
        Set<String> given = new TreeSet<>();
        properties.keySet().stream().filter(Objects::nonNull).forEach(given::add);
        for (String name : given) {
            if (AttributeNames.OWN.contains(name) || AttributeNames.ALIASES.containsKey(name)
                    || AttributeNames.SILENT.contains(name) || ownedElsewhere.contains(name)) {
                continue;
            }
            if (AttributeNames.IGNORED.containsKey(name)) {
                warnings.add("CLAG3001: " + name + " is an attribute of the mod_cluster listener with no effect here; "
                        + "ignored (" + AttributeNames.IGNORED.get(name) + ")");
            } else if (AttributeNames.OTHER_MODULES.containsKey(name)) {
                warnings.add("CLAG3002: " + name + " is read by the " + AttributeNames.OTHER_MODULES.get(name)
                        + " module, which is not installed; ignored");
            } else {
                String value = properties.get(name) == null ? "" : properties.get(name).trim();
                String shown = looksSecret(name) ? TlsSettings.MASK : value;
                String hint = NameSuggester.suggest(name, known)
                        .map(s -> "unknown attribute; did you mean " + s + "? (names are case-sensitive)")
                        .orElse("unknown attribute; see docs/attributes.md for accepted names (case-sensitive)");
                in.problem(name, shown, hint);
            }
        }
    }

    private static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.endsWith("key");
    }
}
