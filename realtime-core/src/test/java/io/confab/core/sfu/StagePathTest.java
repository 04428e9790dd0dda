package io.confab.core.sfu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StagePathTest {

    /** Lets on even numbers only; remembers what it saw. */
    private static final class EvenOnly implements PacketStage<int[]> {
        final StageCounters counters = new StageCounters("even_only", PacketDropReason.MALFORMED_RTP);

        @Override
        public StageCounters counters() {
            return counters;
        }

        @Override
        public boolean process(int[] packet) {
            if (packet[0] % 2 != 0) {
                counters.drop(PacketDropReason.MALFORMED_RTP);
                return false;
            }
            return true;
        }
    }

    private static final class Recorder implements PacketStage<int[]> {
        final StageCounters counters = new StageCounters("recorder");
        final List<Integer> seen = new ArrayList<>();

        @Override
        public StageCounters counters() {
            return counters;
        }

        @Override
        public boolean process(int[] packet) {
            seen.add(packet[0]);
            return true;
        }
    }

    @Test
    void aPacketStopsAtTheFirstStageThatDropsItAndEveryStageBalances() {
        EvenOnly filter = new EvenOnly();
        Recorder recorder = new Recorder();
        StagePath<int[]> path = new StagePath<>("test", filter, recorder);

        assertTrue(path.run(new int[] {2}));
        assertFalse(path.run(new int[] {3}));
        assertTrue(path.run(new int[] {4}));

        assertEquals(List.of(2, 4), recorder.seen);
        assertEquals(3, filter.counters.in());
        assertEquals(2, filter.counters.out());
        assertEquals(1, filter.counters.dropped(PacketDropReason.MALFORMED_RTP));
        assertEquals(filter.counters.in(), filter.counters.out() + filter.counters.dropped(PacketDropReason.MALFORMED_RTP));
        assertEquals(2, recorder.counters.in());
        assertEquals(2, recorder.counters.out());
    }

    @Test
    void onePacketInSixtyFourIsTimedInEveryStageItReaches() {
        EvenOnly filter = new EvenOnly();
        Recorder recorder = new Recorder();
        StagePath<int[]> path = new StagePath<>("test", filter, recorder);

        for (int i = 0; i < 2 * StagePath.SAMPLE_EVERY; i++) {
            path.run(new int[] {0});
        }

        assertEquals(2, filter.counters.sampled());
        assertEquals(2, recorder.counters.sampled());
        assertTrue(filter.counters.sampledNanos() >= 0);
    }
}
