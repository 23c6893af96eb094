package org.clusteragent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesFieldsInOrderWithTypes() {
        String json = new Json().put("node", "node1").put("counter", 3).put("newSession", false)
                .put("route", (String) null).put("list", List.of("a", "b")).toString();
        assertEquals("{\"node\":\"node1\",\"counter\":3,\"newSession\":false,\"route\":null,\"list\":[\"a\",\"b\"]}", json);
    }

    @Test
    void emptyObjectAndEmptyArray() {
        assertEquals("{}", new Json().toString());
        assertEquals("{\"a\":[],\"b\":[]}", new Json().put("a", List.of()).putObjects("b", List.of()).toString());
    }

    @Test
    void nestedObjects() {
        String json = new Json().putObjects("f", List.of(new Json().put("n", "x").put("v", 1), new Json().put("n", "y"))).toString();
        assertEquals("{\"f\":[{\"n\":\"x\",\"v\":1},{\"n\":\"y\"}]}", json);
    }

    @Test
    void escapesQuotesBackslashesAndControls() {
        assertEquals("\"a\\\"b\\\\c\"", Json.quote("a\"b\\c"));
        assertEquals("\"l1\\nl2\\r\\t\\b\\f\"", Json.quote("l1\nl2\r\t\b\f"));
        assertEquals("\"\\u0000\\u001f\\u0007\"", Json.quote("\u0000\u001f\u0007"));
        // DEL and '/' need no escape; non-ASCII passes through.
        assertEquals("\"\u007f/é€\"", Json.quote("\u007f/é€"));
    }

    @Test
    void escapesLineSeparatorsAndLoneSurrogatesButKeepsPairs() {
        assertEquals("\"\\u2028\\u2029\"", Json.quote("\u2028\u2029"));
        assertEquals("\"\uD83D\uDE00\"", Json.quote("\uD83D\uDE00"));
        assertEquals("\"\\ud83dx\\ude00\"", Json.quote("\uD83Dx\uDE00"));
        assertEquals("\"x\\ud83d\"", Json.quote("x\uD83D"));
    }

    @Test
    void escapesNamesToo() {
        assertEquals("{\"a\\\"b\":1}", new Json().put("a\"b", 1).toString());
    }

    @Test
    void nullElementsInArrays() {
        assertEquals("{\"l\":[\"a\",null]}", new Json().put("l", Arrays.asList("a", null)).toString());
    }
}
