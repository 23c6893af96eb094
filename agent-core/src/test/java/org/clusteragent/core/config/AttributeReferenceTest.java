package org.clusteragent.core.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.clusteragent.spi.testing.AttributeReference;
import org.junit.jupiter.api.Test;

/** docs/attributes.md documents every attribute name the configuration accepts, and no other. */
class AttributeReferenceTest {

    private static final String EXTENSION_SECTION = "Undertow servlet extension only";

    private final AttributeReference reference = AttributeReference.load();

    @Test
    void everyAttributeTheParserReadsHasARow() {
        reference.assertDocumented(ConfigParser.propertyNames(), "agent-core's ConfigParser");
    }

    @Test
    void everyIgnoredModClusterAttributeHasARow() {
        reference.assertDocumentedIn("Accepted and ignored", AttributeNames.IGNORED.keySet(),
                "agent-core (AttributeNames.IGNORED, accepted with CLAG3001)");
    }

    @Test
    void everyNameOfAnotherModuleThatTheParserToleratesHasARow() {
        reference.assertDocumented(AttributeNames.OTHER_MODULES.keySet(),
                "agent-core (AttributeNames.OTHER_MODULES, accepted with CLAG3002 when the module is missing)");
    }

    @Test
    void noRowNamesAnAttributeTheConfigurationDoesNotKnow() {
        Set<String> known = new HashSet<>(AttributeNames.OWN);
        known.addAll(AttributeNames.ALIASES.keySet());
        known.addAll(AttributeNames.IGNORED.keySet());
        known.addAll(AttributeNames.OTHER_MODULES.keySet());
        reference.assertNoStaleRows(known, List.of(EXTENSION_SECTION));
    }

    @Test
    void theFailureSaysWhichRowToAdd() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> reference.assertDocumented(List.of("proxyList", "agentCheckWhatever"), "a test"));
        assertTrue(e.getMessage().contains("[agentCheckWhatever]"), e.getMessage());
        assertTrue(e.getMessage().contains("| `agentCheckWhatever` *(ours)* | <default when not given> |"),
                e.getMessage());
    }
}
