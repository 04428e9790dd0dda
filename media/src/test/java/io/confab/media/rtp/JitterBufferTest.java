package io.confab.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.rtp.JitterBuffer.Config;
import io.confab.media.rtp.JitterBuffer.Counters;
import io.confab.media.rtp.JitterBuffer.Offer;
import io.confab.media.rtp.JitterBuffer.Released;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JitterBufferTest {
    private static final long A = 0x1111_1111L;
    private static final long B = 0xBBBB_BBBBL;
    private static final long HOLD = 200_000;

    private final JitterBuffer<String> buffer = new JitterBuffer<>(new Config(HOLD, 64, 3000, false));

    private Offer offer(long ssrc, int sequence, long at) {
        return buffer.offer(ssrc, sequence, at, ssrc == A ? "a" + sequence : "b" + sequence);
    }

    private List<Released<String>> drain(long now) {
        List<Released<String>> out = new ArrayList<>();
        for (Released<String> next = buffer.poll(now); next != null; next = buffer.poll(now)) {
            out.add(next);
        }
        return out;
    }

    private static List<Integer> sequences(List<Released<String>> released) {
        return released.stream().map(Released::sequenceNumber).toList();
    }

    @Test
    void releasesPacketsInOrderAtOnceWhenNoneIsMissing() {
        for (int sequence = 100; sequence < 105; sequence++) {
            assertEquals(Offer.ACCEPTED, offer(A, sequence, 0));
        }
        List<Released<String>> released = drain(0);
        assertEquals(List.of(100, 101, 102, 103, 104), sequences(released));
        assertTrue(released.get(0).streamStart());
        assertFalse(released.get(1).streamStart());
        assertEquals("a102", released.get(2).packet());
        assertEquals(0, released.stream().mapToInt(Released::lostBefore).sum());
        assertEquals(0, buffer.size());
    }

    @Test
    void putsReorderedPacketsBackInOrderWithoutWaitingOnceTheGapFills() {
        offer(A, 10, 0);
        offer(A, 12, 1_000);
        offer(A, 13, 2_000);
        assertEquals(List.of(10), sequences(drain(3_000)), "12 waits for 11");
        offer(A, 11, 4_000);
        assertEquals(List.of(11, 12, 13), sequences(drain(4_000)));
        assertEquals(0, buffer.counters().lost());
    }

    @Test
    void aPacketAfterALossWaitsTheHoldTimeThenReportsTheGap() {
        offer(A, 10, 0);
        drain(0);
        offer(A, 14, 1_000);
        offer(A, 15, 1_500);
        assertNull(buffer.poll(1_000 + HOLD - 1), "14 waits for 11..13 until its hold time is up");
        assertEquals(1_000 + HOLD, buffer.nextReleaseMicros());
        List<Released<String>> released = drain(1_000 + HOLD);
        assertEquals(List.of(14, 15), sequences(released));
        assertEquals(3, released.get(0).lostBefore());
        assertEquals(0, released.get(1).lostBefore());
        assertEquals(3, buffer.counters().lost());
    }

    @Test
    void dropsDuplicatesOfHeldAndOfReleasedPacketsAsRtxRepairsSendThem() {
        offer(A, 1, 0);
        offer(A, 3, 0);
        assertEquals(Offer.DUPLICATE, offer(A, 3, 10), "a second copy of a held packet");
        drain(10);
        assertEquals(Offer.DUPLICATE, offer(A, 1, 20), "a second copy of a released packet");
        assertEquals(Offer.ACCEPTED, offer(A, 2, 30), "the repair of the lost one is taken");
        assertEquals(List.of(2, 3), sequences(drain(30)));
        Counters counters = buffer.counters();
        assertEquals(2, counters.duplicates());
        assertEquals(0, counters.late());
        assertEquals(5, counters.offered());
        assertEquals(3, counters.released());
    }

    @Test
    void aPacketOlderThanOneReleasedIsLate() {
        offer(A, 1, 0);
        drain(0);
        offer(A, 3, 0);
        List<Released<String>> released = drain(HOLD);
        assertEquals(1, released.get(0).lostBefore());
        assertEquals(Offer.LATE, offer(A, 2, HOLD + 1), "2 was given up for lost");
        assertNull(buffer.poll(HOLD * 10));
        assertEquals(1, buffer.counters().late());
        assertEquals(0, buffer.counters().duplicates());
    }

    @Test
    void aPacketSentBeforeTheFirstButArrivingAfterItIsLate() {
        offer(A, 500, 0);
        assertEquals(Offer.LATE, offer(A, 499, 10));
        assertEquals(List.of(500), sequences(drain(10)));
    }

    @Test
    void runsOnAcrossTheWrapAt65535() {
        offer(A, 65_533, 0);
        offer(A, 65_535, 0);
        offer(A, 1, 0);
        offer(A, 65_534, 0);
        offer(A, 0, 0);
        List<Released<String>> released = drain(0);
        assertEquals(List.of(65_533, 65_534, 65_535, 0, 1), sequences(released));
        assertEquals(List.of(65_533L, 65_534L, 65_535L, 65_536L, 65_537L),
                released.stream().map(Released::extendedSequence).toList());
        offer(A, 3, 10);
        assertEquals(1, drain(10 + HOLD).get(0).lostBefore(), "sequence 2 lost just after the wrap");
    }

    @Test
    void aNewSsrcStartsANewSequenceSpaceAndReleasesTheOldOneWithoutWaiting() {
        offer(A, 100, 0);
        drain(0);
        offer(A, 102, 1_000);
        offer(A, 103, 1_000);
        assertNull(buffer.poll(1_000), "102 waits for 101");
        assertEquals(Offer.ACCEPTED, offer(B, 7_000, 2_000));
        offer(B, 7_001, 2_000);
        List<Released<String>> released = drain(2_000);
        assertEquals(List.of(102, 103, 7_000, 7_001), sequences(released), "no hold time waited");
        assertEquals(1, released.get(0).lostBefore());
        assertEquals(A, released.get(1).ssrc());
        assertTrue(released.get(2).streamStart());
        assertEquals(B, released.get(2).ssrc());
        assertEquals(0, released.get(2).lostBefore(), "a new space has no gap before its first packet");
        assertEquals(1, buffer.counters().ssrcChanges());
    }

    @Test
    void aStragglerOfThePreviousSsrcIsLateButThatSsrcComingBackIsAChange() {
        offer(A, 100, 0);
        offer(A, 102, 0);
        offer(B, 5, 10);
        drain(10);
        assertEquals(Offer.LATE, offer(A, 101, 20), "A's 101 arrived after the switch to B");
        assertEquals(Offer.ACCEPTED, offer(A, 103, 30), "A's stream goes on: the layer switched back");
        List<Released<String>> released = drain(30);
        assertEquals(List.of(103), sequences(released));
        assertTrue(released.get(0).streamStart());
        assertEquals(2, buffer.counters().ssrcChanges());
        assertEquals(1, buffer.counters().late());
    }

    @Test
    void aJumpOfMoreThanTheRestartThresholdStartsANewSpace() {
        offer(A, 1_000, 0);
        offer(A, 1_001, 0);
        drain(0);
        offer(A, 1_003, 10);
        assertEquals(Offer.ACCEPTED, offer(A, 40_000, 20));
        List<Released<String>> released = drain(20);
        assertEquals(List.of(1_003, 40_000), sequences(released), "the old space is released without waiting");
        assertEquals(1, released.get(0).lostBefore());
        assertTrue(released.get(1).streamStart());
        assertEquals(0, released.get(1).lostBefore());
        assertEquals(Offer.ACCEPTED, offer(A, 40_001, 30));
        assertEquals(List.of(40_001), sequences(drain(30)));
        assertEquals(1, buffer.counters().restarts());
        assertEquals(1, buffer.counters().lost(), "the jump itself is not counted as loss");
    }

    @Test
    void aJumpWithinTheThresholdIsLoss() {
        offer(A, 1_000, 0);
        drain(0);
        offer(A, 3_000, 0);
        List<Released<String>> released = drain(HOLD);
        assertEquals(1_999, released.get(0).lostBefore());
        assertEquals(0, buffer.counters().restarts());
    }

    @Test
    void staysWithinItsCapacityAndCountsWhatDidNotFit() {
        JitterBuffer<String> small = new JitterBuffer<>(new Config(HOLD, 8, 3000, false));
        small.offer(A, 0, 0, "first");
        small.poll(0);
        // 1 is lost: everything after waits behind it.
        int accepted = 0;
        int overflowed = 0;
        for (int sequence = 2; sequence < 20; sequence++) {
            Offer offer = small.offer(A, sequence, 0, "p" + sequence);
            accepted += offer == Offer.ACCEPTED ? 1 : 0;
            overflowed += offer == Offer.OVERFLOW ? 1 : 0;
        }
        assertEquals(8, accepted);
        assertEquals(10, overflowed);
        assertEquals(10, small.counters().overflow());
        assertEquals(8, small.size());
        // Three quarters full: the head goes without waiting out its hold time, gap reported.
        Released<String> head = small.poll(1);
        assertEquals(2, head.sequenceNumber());
        assertEquals(1, head.lostBefore());
    }

    @Test
    void reportsWhenThePacketsAreDueForATimer() {
        assertEquals(Long.MAX_VALUE, buffer.nextReleaseMicros());
        offer(A, 1, 0);
        assertEquals(Long.MIN_VALUE, buffer.nextReleaseMicros());
        drain(0);
        offer(A, 3, 50);
        assertEquals(50 + HOLD, buffer.nextReleaseMicros());
        offer(A, 2, 60);
        assertEquals(Long.MIN_VALUE, buffer.nextReleaseMicros());
    }

    @Test
    void shuffledPacketsWithLossAndDuplicatesComeOutInOrderAcrossTwoWraps() {
        JitterBuffer<Integer> shuffled = new JitterBuffer<>(new Config(HOLD, 256, 3000, false));
        Random random = new Random(7);
        List<Integer> out = new ArrayList<>();
        int lostOnPurpose = 0;
        int duplicated = 0;
        long now = 0;
        // The first packet arrives first: it defines where the stream starts.
        shuffled.offer(A, 0, now, 0);
        for (int i = 1; i < 140_001; i += 8) {
            List<Integer> burst = new ArrayList<>();
            for (int j = i; j < i + 8; j++) {
                if (random.nextInt(100) == 0) {
                    lostOnPurpose++;
                    continue;
                }
                burst.add(j);
                if (random.nextInt(50) == 0) {
                    burst.add(j);
                    duplicated++;
                }
            }
            Collections.shuffle(burst, random);
            for (int j : burst) {
                shuffled.offer(A, j & 0xFFFF, now, j);
            }
            now += 10_000;
            for (Released<Integer> next = shuffled.poll(now); next != null; next = shuffled.poll(now)) {
                out.add(next.packet());
            }
        }
        for (Released<Integer> next = shuffled.poll(Long.MAX_VALUE); next != null; next = shuffled.poll(Long.MAX_VALUE)) {
            out.add(next.packet());
        }
        for (int k = 1; k < out.size(); k++) {
            assertTrue(out.get(k) > out.get(k - 1), "out of order at " + k + ": " + out.get(k - 1) + ", " + out.get(k));
        }
        Counters counters = shuffled.counters();
        assertEquals(140_001 - lostOnPurpose, out.size());
        assertEquals(lostOnPurpose, counters.lost());
        assertEquals(duplicated, counters.duplicates());
        assertEquals(0, counters.late());
        assertEquals(0, counters.restarts());
        assertEquals(0, counters.overflow());
    }

    @Test
    void refusesNonsenseConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new Config(-1, 64, 3000, false));
        assertThrows(IllegalArgumentException.class, () -> new Config(HOLD, 2, 3000, false));
        assertThrows(IllegalArgumentException.class, () -> new Config(HOLD, 64, 40_000, false));
        assertThrows(NullPointerException.class, () -> buffer.offer(A, 1, 0, null));
    }

    @Test
    void withHoldAtStartPacketsSentBeforeTheFirstToArriveStillStartTheSpace() {
        JitterBuffer<String> recorder = new JitterBuffer<>(new Config(HOLD, 64, 3000, false).withHoldAtStart());
        // A key frame's packets 500..502: 501 and 502 overtake 500.
        recorder.offer(A, 501, 0, "b");
        recorder.offer(A, 502, 1_000, "c");
        assertNull(recorder.poll(2_000), "the first release waits the hold time for earlier packets");
        assertEquals(Offer.ACCEPTED, recorder.offer(A, 500, 3_000, "a"));
        assertNull(recorder.poll(HOLD - 1));
        List<String> released = new ArrayList<>();
        JitterBuffer.Released<String> next;
        while ((next = recorder.poll(3_000 + HOLD)) != null) {
            released.add(next.packet());
            if (next.packet().equals("a")) {
                assertTrue(next.streamStart(), "the lowest starts the space");
            }
        }
        assertEquals(List.of("a", "b", "c"), released);
        assertEquals(Offer.LATE, recorder.offer(A, 499, 4_000 + HOLD, "z"), "once released, older is late");
    }
}
