package io.confab.core.sfu;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardingDelayTest {

    @Test
    void exactBelow128MicrosThenAboutThreePercentBuckets() {
        assertEquals(0, ForwardingDelay.index(0));
        assertEquals(127, ForwardingDelay.upperMicros(ForwardingDelay.index(127)));
        assertEquals(131, ForwardingDelay.upperMicros(ForwardingDelay.index(128)));
        assertEquals(131, ForwardingDelay.upperMicros(ForwardingDelay.index(131)));
        assertEquals(135, ForwardingDelay.upperMicros(ForwardingDelay.index(132)));
        for (long micros = 128; micros < 20_000_000; micros = micros * 11 / 10 + 1) {
            long upper = ForwardingDelay.upperMicros(ForwardingDelay.index(micros));
            assertTrue(upper >= micros && upper <= micros * 1.04, micros + " µs lands in a bucket ending at " + upper);
        }
    }

    @Test
    void aQueuedCopyIsRecordedAtItsFlushWithItsWaitInTheQueue() {
        ForwardingDelay delay = new ForwardingDelay();
        long read = 1_000_000_000L;
        delay.queued(read);
        delay.queued(read + 100_000);
        assertTrue(delay.snapshot().isEmpty(), "nothing recorded before the flush");
        delay.flushed(read + 300_000);
        assertEquals(Map.of(ForwardingDelay.upperMicros(ForwardingDelay.index(300)), 1L,
                ForwardingDelay.upperMicros(ForwardingDelay.index(200)), 1L), delay.snapshot());
        delay.flushed(read + 900_000);
        assertEquals(2, delay.snapshot().values().stream().mapToLong(Long::longValue).sum(), "a flush records each copy once");
    }

    @Test
    void aFanOutLargerThanTheQueueGrowsItAndLosesNoCopy() {
        ForwardingDelay delay = new ForwardingDelay();
        for (int i = 0; i < 5_000; i++) {
            delay.queued(1_000_000L);
        }
        delay.flushed(1_050_000L);
        assertEquals(Map.of(50L, 5_000L), delay.snapshot());
    }

    @Test
    void valuesBeyondTheLastBucketAreKeptInIt() {
        int last = ForwardingDelay.index(Long.MAX_VALUE / 1000);
        assertEquals(last, ForwardingDelay.index(40_000_000));
        assertTrue(ForwardingDelay.upperMicros(last) >= 30_000_000);
    }

    @Test
    void percentilesComeFromTheSnapshot() {
        ForwardingDelay delay = new ForwardingDelay();
        for (int i = 0; i < 98; i++) {
            delay.record(5_400);        // 5 µs
        }
        delay.record(2_000_000);        // 2 ms
        delay.record(-3);               // a clock that stepped back counts as 0
        Map<Long, Long> snapshot = delay.snapshot();
        assertEquals(98L, snapshot.get(5L));
        assertEquals(1L, snapshot.get(0L));
        TreeMap<Long, Long> buckets = new TreeMap<>(snapshot);
        assertEquals(5, ForwardingDelay.percentileMicros(buckets, 0.50));
        assertEquals(5, ForwardingDelay.percentileMicros(buckets, 0.99));
        long p100 = ForwardingDelay.percentileMicros(buckets, 1.0);
        assertTrue(p100 >= 2000 && p100 <= 2080, "the slowest copy's bucket: " + p100);
        assertEquals(-1, ForwardingDelay.percentileMicros(new TreeMap<>(), 0.5));
    }
}
