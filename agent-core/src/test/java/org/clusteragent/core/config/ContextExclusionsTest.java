package org.clusteragent.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContextExclusionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"ROOT", "/", " ROOT ", "other,/"})
    void rootIsWrittenAsRootOrSlash(String value) {
        ContextExclusions exclusions = ContextExclusions.parse(value);
        assertTrue(exclusions.isExcluded("localhost", ""));
        assertTrue(exclusions.isExcluded("any", "/"), "\"/\" is accepted as the root path too");
        assertFalse(exclusions.isExcluded("localhost", "/ROOT"));
        assertFalse(exclusions.isExcluded("localhost", "/x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "/demo", "demo/", "/demo/"})
    void contextWithOrWithoutSlashes(String value) {
        ContextExclusions exclusions = ContextExclusions.parse(value);
        assertTrue(exclusions.isExcluded("localhost", "/demo"));
        assertTrue(exclusions.isExcluded("other", "/demo"));
        assertFalse(exclusions.isExcluded("localhost", ""));
        assertFalse(exclusions.isExcluded("localhost", "/demo2"));
        assertFalse(exclusions.isExcluded("localhost", "/Demo"), "paths match exactly");
        assertEquals(Set.of("/demo"), exclusions.everyHost());
    }

    @Test
    void hostQualifiedEntriesApplyToThatHostOnly() {
        ContextExclusions exclusions = ContextExclusions.parse("www.example.com:shop, admin:ROOT, intra:/a/b/, shared");
        assertTrue(exclusions.isExcluded("www.example.com", "/shop"));
        assertTrue(exclusions.isExcluded("WWW.Example.COM", "/shop"), "host names match case-insensitively");
        assertFalse(exclusions.isExcluded("localhost", "/shop"));
        assertTrue(exclusions.isExcluded("admin", ""));
        assertFalse(exclusions.isExcluded("localhost", ""));
        assertTrue(exclusions.isExcluded("intra", "/a/b"));
        assertTrue(exclusions.isExcluded("anything", "/shared"));
        assertEquals(Map.of("www.example.com", Set.of("/shop"), "admin", Set.of(""), "intra", Set.of("/a/b")),
                exclusions.perHost());
    }

    @Test
    void emptyValuesExcludeNothing() {
        assertTrue(ContextExclusions.parse("").isEmpty());
        assertTrue(ContextExclusions.parse(" , ,").isEmpty());
        assertTrue(ContextExclusions.none().isEmpty());
        assertFalse(ContextExclusions.none().isExcluded("localhost", ""));
    }

    @Test
    void writesBackInAttributeSyntaxThatParsesToTheSame() {
        ContextExclusions exclusions = ContextExclusions.parse("b, /, h2:/x, h1:y, a/");
        assertEquals("ROOT,/a,/b,h1:/y,h2:/x", exclusions.toString());
        assertEquals(exclusions, ContextExclusions.parse(exclusions.toString()));
    }

    @Test
    void namesEveryBadEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContextExclusions.parse("ok, a:b:c, host:, :ctx, my app, x?y"));
        String usage = "write ctx or host:ctx, comma-separated (ROOT or / for the root context)";
        assertEquals("entry \"a:b:c\": more than one ':'; " + usage
                + "; entry \"host:\": no context after the host; " + usage
                + "; entry \":ctx\": \"\" is not a host name; " + usage
                + "; entry \"my app\": contains white space; " + usage
                + "; entry \"x?y\": \"x?y\" is not a context path; " + usage, e.getMessage());
    }
}
