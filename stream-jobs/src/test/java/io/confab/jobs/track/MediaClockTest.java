package io.confab.jobs.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RTP timestamps placed on the SFU's arrival clock, per SSRC. */
class MediaClockTest {

    static final long T = 1_700_000_000_000_000L;
    static final int OPUS = 48_000;

    private static MediaClock audio() {
        return new MediaClock(OPUS, MediaClock.AUDIO_TOLERANCE_MICROS);
    }

    @Test
    void timestampsAreMappedToTheArrivalOfTheFirstPacket() {
        MediaClock clock = audio();
        assertEquals(T, clock.observe(1, 5_000, T));
        // 960 samples at 48 kHz = 20 ms later in media time, whenever it arrives.
        assertEquals(T + 20_000, clock.observe(1, 5_960, T + 20_000));
        assertEquals(T + 1_000_000, clock.observe(1, 5_000 + 48_000, T + 1_000_000));
    }

    @Test
    void jitterOnlyEverMakesPacketsLater() {
        MediaClock clock = audio();
        clock.observe(1, 0, T);
        assertEquals(T + 20_000, clock.observe(1, 960, T + 35_000), "a packet 15 ms late keeps its sent time");
        assertEquals(T + 40_000, clock.observe(1, 1_920, T + 40_000));
    }

    @Test
    void aDelayedFirstPacketIsCorrectedByTheLeastDelayedWhileSettling() {
        MediaClock clock = audio();
        // The first packet sat 12 ms in a queue; the second came straight through.
        assertEquals(T + 12_000, clock.observe(1, 0, T + 12_000));
        assertEquals(T + 20_000, clock.observe(1, 960, T + 20_000));
        assertEquals(T + 60_000, clock.observe(1, 2_880, T + 75_000), "later packets keep the smaller offset");
    }

    @Test
    void anAnchoredTrackIsPlacedByItsRtpClockAloneFromItsFirstPacket() {
        MediaClock clock = new MediaClock(OPUS, MediaClock.ANCHORED_ONCE);
        assertEquals(T + 12_000, clock.observe(1, 0, T + 12_000));
        assertEquals(T + 32_000, clock.observe(1, 960, T + 20_000), "a less delayed packet while settling moves nothing");
        assertEquals(T + 12_000 + 3_000_000, clock.observe(1, 3 * OPUS, T + 3_400_000), "a late burst moves nothing");
        assertEquals(T + 12_000 + 4_000_000, clock.observe(1, 4 * OPUS, T + 3_900_000), "an early one neither");
        assertEquals(T + 5_000_000, clock.observe(2, 7, T + 5_000_000), "a new SSRC is anchored again");
    }

    @Test
    void afterSettlingAudioFollowsOnlyAShiftBeyondItsTolerance() {
        MediaClock clock = audio();
        long rtp = 0;
        long at = T;
        for (int i = 0; i < 150; i++, rtp += 960, at += 20_000) {
            clock.observe(1, rtp, at);
        }
        // 10 ms early: within the audio's tolerance, ignored (the timeline would get a 10 ms gap).
        assertEquals(at, clock.observe(1, rtp, at - 10_000));
        // A sender that paused its clock 50 ms: beyond the tolerance, followed.
        assertEquals(at - 30_000, clock.observe(1, rtp + 960, at - 30_000));
    }

    @Test
    void videoFollowsASenderWhoseClockRunsFast() {
        // Timestamps say 30 fps, frames come every 33.7 ms: the RTP clock runs 1 % ahead of ours.
        MediaClock clock = new MediaClock(90_000, MediaClock.VIDEO_TOLERANCE_MICROS);
        long media = 0;
        long arrival = 0;
        for (int f = 0; f < 30 * 20; f++) {
            arrival = T + f * 33_667L;
            media = clock.observe(7, f * 3_000L, arrival);
        }
        // The windowed minimum trails by the drift over its window (1 % of 2 s); without following
        // the drift the picture would be 200 ms early after 20 s, and the gap would keep growing.
        assertTrue(Math.abs(media - arrival) < 25_000, "after 20 s the picture is within 25 ms of its arrival, not "
                + (arrival - media) / 1000 + " ms early");
    }

    @Test
    void theThirtyTwoBitTimestampWrapsWithoutAJump() {
        MediaClock clock = audio();
        long nearTop = 0xFFFF_FC40L;
        assertEquals(T, clock.observe(1, nearTop, T));
        long wrapped = (nearTop + 960 * 3) & 0xFFFF_FFFFL;
        assertTrue(wrapped < nearTop, "the test's timestamp wrapped");
        assertEquals(T + 60_000, clock.observe(1, wrapped, T + 60_000));
        assertEquals(T + 80_000, clock.observe(1, (wrapped + 960) & 0xFFFF_FFFFL, T + 80_000));
    }

    @Test
    void anSsrcChangeRebasesOnTheNewStreamsFirstArrival() {
        MediaClock clock = new MediaClock(90_000, MediaClock.VIDEO_TOLERANCE_MICROS);
        clock.observe(1, 1_000_000, T);
        clock.observe(1, 1_000_000 + 3_000, T + 33_333);
        // Another simulcast layer: its own random timestamp base.
        long switched = T + 5_000_000;
        assertEquals(switched, clock.observe(2, 90_000, switched));
        assertEquals(switched + 33_333, clock.observe(2, 90_000 + 3_000, switched + 40_000));
    }
}
