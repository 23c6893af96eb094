package org.clusteragent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParamTest {

    @Test
    void acceptsTheBoundsAndTrimsSpaces() {
        assertEquals(1, HeapServlet.MB.parse("1"));
        assertEquals(512, HeapServlet.MB.parse(" 512 "));
        assertEquals(0, TrafficServlet.KB.parse("0"));
        assertEquals(102_400, TrafficServlet.KB.parse("102400"));
        assertEquals(10_000, SessionsServlet.COUNT.parse("10000"));
    }

    @Test
    void outOfRangeNamesEndpointParameterValueAndRange() {
        BadRequest e = assertThrows(BadRequest.class, () -> HeapServlet.MB.parse("513"));
        assertEquals(400, e.status());
        assertEquals("heap: mb=513 is out of range; allowed 1..512", e.getMessage());
        e = assertThrows(BadRequest.class, () -> BusyServlet.SECONDS.parse("301"));
        assertEquals("busy: seconds=301 is out of range; allowed 1..300", e.getMessage());
        e = assertThrows(BadRequest.class, () -> BusyServlet.THREADS.parse("0"));
        assertEquals("busy: threads=0 is out of range; allowed 1..200", e.getMessage());
        e = assertThrows(BadRequest.class, () -> SessionsServlet.COUNT.parse("-1"));
        assertEquals("sessions: count=-1 is out of range; allowed 0..10000", e.getMessage());
    }

    @Test
    void hugeNumbersAreOutOfRangeNotOverflowed() {
        BadRequest e = assertThrows(BadRequest.class, () -> TrafficServlet.KB.parse("4294967297"));
        assertEquals("traffic: kb=4294967297 is out of range; allowed 0..102400", e.getMessage());
        e = assertThrows(BadRequest.class, () -> TrafficServlet.KB.parse("99999999999999999999999"));
        assertTrue(e.getMessage().startsWith("traffic: kb=99999999999999999999999 is not a whole number"), e.getMessage());
    }

    @Test
    void notANumberIsRefusedAndLongInputIsCut() {
        BadRequest e = assertThrows(BadRequest.class, () -> HeapServlet.MB.parse("lots"));
        assertEquals("heap: mb=lots is not a whole number; allowed 1..512", e.getMessage());
        e = assertThrows(BadRequest.class, () -> HeapServlet.MB.parse("1.5"));
        assertEquals("heap: mb=1.5 is not a whole number; allowed 1..512", e.getMessage());
        e = assertThrows(BadRequest.class, () -> HeapServlet.MB.parse("x".repeat(1000)));
        assertTrue(e.getMessage().length() < 120, e.getMessage());
    }

    @Test
    void missingRequiredIsRefusedMissingOptionalTakesDefault() {
        BadRequest e = assertThrows(BadRequest.class, () -> HeapServlet.MB.parse(null));
        assertEquals("heap: parameter mb is required; allowed 1..512", e.getMessage());
        assertThrows(BadRequest.class, () -> HeapServlet.MB.parse(""));
        assertEquals(10, HeapServlet.SECONDS.parse(null));
        assertEquals(10, HeapServlet.SECONDS.parse(" "));
        assertEquals(600, SessionsServlet.TTL.parse(null));
    }

    @Test
    void cpuThreadsAreBoundByTwiceTheCoresAndSayWhy() {
        int cores = Runtime.getRuntime().availableProcessors();
        Param threads = CpuServlet.threads();
        assertEquals(2 * cores, threads.parse(Integer.toString(2 * cores)));
        BadRequest e = assertThrows(BadRequest.class, () -> threads.parse(Integer.toString(2 * cores + 1)));
        assertEquals("cpu: threads=" + (2 * cores + 1) + " is out of range; allowed 1.." + 2 * cores + " (2 x " + cores + " cores)",
                e.getMessage());
    }

    @Test
    void heldHeapCapIsHalfTheMaxHeapAtMost512() {
        assertEquals(512, Limits.maxHeldMb(4L << 30));
        assertEquals(128, Limits.maxHeldMb(256L << 20));
        assertEquals(1, Limits.maxHeldMb(1L << 20));
    }
}
