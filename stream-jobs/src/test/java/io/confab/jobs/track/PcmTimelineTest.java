package io.confab.jobs.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PcmTimelineTest {

    @Test
    void writtenSamplesAreTakenAtTheirPlaceAndAddedIntoTheMix() {
        PcmTimeline timeline = new PcmTimeline(100);
        timeline.write(10, new short[] {0, 1, 2, 3, 4, 5, 6}, 2, 3);
        int[] mix = new int[20];
        java.util.Arrays.fill(mix, 100);
        short[] own = new short[20];

        assertTrue(timeline.take(mix, own, 20), "the block holds written samples");

        short[] expected = new short[20];
        expected[10] = 2;
        expected[11] = 3;
        expected[12] = 4;
        assertArrayEquals(expected, own);
        for (int i = 0; i < 20; i++) {
            assertEquals(100 + expected[i], mix[i], "mix sample " + i);
        }
        assertEquals(20, timeline.base());
        assertEquals(12, timeline.lastWritten());
    }

    @Test
    void silenceWhereNothingWasWritten() {
        PcmTimeline timeline = new PcmTimeline(100);
        short[] own = new short[] {9, 9, 9, 9};
        assertFalse(timeline.take(new int[4], own, 4));
        assertArrayEquals(new short[4], own);
        assertEquals(-1, timeline.lastWritten());
    }

    @Test
    void takenSamplesAreFreedSoTheRingDoesNotReplayThem() {
        PcmTimeline timeline = new PcmTimeline(10);
        timeline.write(0, new short[] {7, 7, 7}, 0, 3);
        timeline.take(null, new short[10], 10);
        short[] own = new short[10];
        // Same ring slots, one lap later.
        assertFalse(timeline.take(null, own, 10), "nothing written for samples 10..19");
        assertArrayEquals(new short[10], own);
    }

    @Test
    void samplesBeforeWhatWasTakenAreLateCountedAndDropped() {
        PcmTimeline timeline = new PcmTimeline(100);
        timeline.take(null, null, 20);
        timeline.write(15, new short[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8);

        assertEquals(5, timeline.lateSamples(), "samples 15..19 were already mixed");
        short[] own = new short[5];
        timeline.take(null, own, 5);
        assertArrayEquals(new short[] {6, 7, 8, 0, 0}, own, "samples 20..22 kept");
    }

    @Test
    void samplesBeyondTheWindowAreCountedAsTooFarAheadAndNeverWrapOver() {
        PcmTimeline timeline = new PcmTimeline(100);
        short[] pcm = new short[10];
        java.util.Arrays.fill(pcm, (short) 5);
        timeline.write(95, pcm, 0, 10);

        assertEquals(5, timeline.aheadSamples(), "samples 100..104 are beyond the 100-sample window");
        assertEquals(0, timeline.lateSamples());
        short[] own = new short[100];
        timeline.take(null, own, 100);
        for (int i = 0; i < 100; i++) {
            assertEquals(i >= 95 ? 5 : 0, own[i], "sample " + i + " (nothing wrapped into the ring's start)");
        }
        short[] next = new short[10];
        assertFalse(timeline.take(null, next, 10), "the dropped samples 100..104 do not appear later");
    }

    @Test
    void aTimelineCanStartWhereTheMixIs() {
        PcmTimeline timeline = new PcmTimeline(100);
        timeline.startAt(48_000);
        timeline.write(47_990, new short[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 0, 12);
        assertEquals(10, timeline.lateSamples());
        short[] own = new short[2];
        timeline.take(null, own, 2);
        assertArrayEquals(new short[] {1, 1}, own);
        assertEquals(48_002, timeline.base());
    }
}
