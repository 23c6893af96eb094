package org.clusteragent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CpuBurnerTest {

    private final AtomicLong clock = new AtomicLong(1_000);

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "condition not reached in 20 s");
            Thread.sleep(10);
        }
    }

    private static long spinners() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("clusteragent-demo-cpu-") && t.isAlive()).count();
    }

    @Test
    void spinsUntilTheClockPassesTheDeadline() throws InterruptedException {
        CpuBurner cpu = new CpuBurner(clock::get, 4);
        assertEquals(2, cpu.burn(2, 5));
        assertEquals(2, cpu.running());
        Thread.sleep(50); // the threads keep spinning while the injected clock stands still
        assertEquals(2, cpu.running());
        clock.addAndGet(TimeUnit.SECONDS.toNanos(5));
        awaitTrue(() -> cpu.running() == 0);
        cpu.stop();
    }

    @Test
    void capIsNodeWideAndStopEndsEverything() throws InterruptedException {
        CpuBurner cpu = new CpuBurner(clock::get, 3);
        cpu.burn(2, 300);
        BadRequest e = assertThrows(BadRequest.class, () -> cpu.burn(2, 1));
        assertEquals(429, e.status());
        assertEquals("cpu: threads=2 would make 4 spinning threads on this node; at most 3 (2 x cores) at once, 2 running now",
                e.getMessage());
        assertTrue(spinners() >= 2);
        cpu.stop();
        awaitTrue(() -> cpu.running() == 0);
        assertEquals(503, assertThrows(BadRequest.class, () -> cpu.burn(1, 1)).status());
    }
}
