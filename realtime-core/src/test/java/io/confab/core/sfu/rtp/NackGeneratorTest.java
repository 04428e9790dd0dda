package io.confab.core.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which missing sequence numbers to request in generic NACKs (RFC 4585 §6.2.1), and when to stop. */
class NackGeneratorTest {
    private static final long MS = 1_000_000L;
    private final NackGenerator generator = new NackGenerator(16, 3, 20 * MS, 500 * MS);
    private final int[] due = new int[32];

    private int[] collect(long now) {
        return Arrays.copyOf(due, generator.collect(now, due));
    }

    @Test
    void requestsTheGapOnceThenAfterTheRetryInterval() {
        generator.onPacket(1, 0);
        generator.onPacket(2, 0);
        generator.onPacket(5, MS);
        assertArrayEquals(new int[] {3, 4}, collect(MS));
        assertArrayEquals(new int[0], collect(10 * MS));
        generator.onPacket(3, 15 * MS);
        assertEquals(1, generator.recovered());
        assertArrayEquals(new int[] {4}, collect(21 * MS));
    }

    @Test
    void givesUpAfterTheRetryLimit() {
        generator.onPacket(10, 0);
        generator.onPacket(12, 0);
        assertArrayEquals(new int[] {11}, collect(0));
        assertArrayEquals(new int[] {11}, collect(20 * MS));
        assertArrayEquals(new int[] {11}, collect(40 * MS));
        assertArrayEquals(new int[0], collect(60 * MS));
        assertEquals(0, generator.missingCount());
        assertEquals(1, generator.givenUp());
    }

    @Test
    void givesUpPastTheAgeLimit() {
        generator.onPacket(10, 0);
        generator.onPacket(12, 0);
        assertArrayEquals(new int[0], collect(501 * MS));
        assertEquals(1, generator.givenUp());
    }

    @Test
    void findsGapsAcrossTheWrap() {
        generator.onPacket(65533, 0);
        generator.onPacket(1, 0);
        assertArrayEquals(new int[] {65534, 65535, 0}, collect(0));
        generator.onPacket(65535, 0);
        assertEquals(2, generator.missingCount());
    }

    @Test
    void aJumpLargerThanItsCapacityIsARestartNotLoss() {
        generator.onPacket(100, 0);
        generator.onPacket(102, 0);
        generator.onPacket(1000, 0);
        assertEquals(0, generator.missingCount());
        generator.onPacket(1002, 0);
        assertArrayEquals(new int[] {1001}, collect(0));
    }

    @Test
    void whenFullTheOldestMissingNumberGoes() {
        generator.onPacket(0, 0);
        generator.onPacket(17, 0); // 1..16 missing, exactly the capacity
        generator.onPacket(19, 0); // 18 missing too: 1 is dropped
        assertEquals(16, generator.missingCount());
        int[] requested = collect(0);
        assertEquals(2, requested[0]);
        assertEquals(18, requested[15]);
    }

    @Test
    void aShortOutputArrayDefersTheRest() {
        generator.onPacket(0, 0);
        generator.onPacket(5, 0);
        int[] two = new int[2];
        assertEquals(2, generator.collect(0, two));
        assertArrayEquals(new int[] {1, 2}, two);
        assertArrayEquals(new int[] {3, 4}, collect(0));
    }

    @Test
    void lateAndDuplicatePacketsThatWereNotMissingChangeNothing() {
        generator.onPacket(5, 0);
        generator.onPacket(5, 0);
        generator.onPacket(3, 0);
        assertEquals(0, generator.missingCount());
        assertEquals(0, generator.recovered());
    }
}
