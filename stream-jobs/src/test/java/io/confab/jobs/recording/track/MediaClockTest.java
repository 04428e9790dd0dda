package io.confab.jobs.recording.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RTP timestamps placed on the SFU's arrival clock, per SSRC. */
class MediaClockTest {

    static final long T = 1_700_000_000_000_000L;
    static final int OPUS = 48_000;

    @Test
    void timestampsAreMappedToTheArrivalOfTheFirstPacket() {
        MediaClock clock = new MediaClock(OPUS);
        assertEquals(T, clock.observe(1, 5_000, T));
        // 960 samples at 48 kHz = 20 ms later in media time, whenever it arrives.
        assertEquals(T + 20_000, clock.observe(1, 5_960, T + 20_000));
        assertEquals(T + 1_000_000, clock.observe(1, 5_000 + 48_000, T + 1_000_000));
        assertEquals(T + 40_000, clock.mediaMicros(5_000 + 1_920), "a timestamp looked up without learning from it");
    }

    @Test
    void jitterOnlyEverMakesPacketsLater() {
        MediaClock clock = new MediaClock(OPUS);
        clock.observe(1, 0, T);
        assertEquals(T + 20_000, clock.observe(1, 960, T + 35_000), "a packet 15 ms late keeps its sent time");
        assertEquals(T + 40_000, clock.observe(1, 1_920, T + 40_000));
    }

    @Test
    void aDelayedFirstPacketIsCorrectedByTheLeastDelayedWhileSettling() {
        MediaClock clock = new MediaClock(OPUS);
        // The first packet sat 12 ms in a queue; the second came straight through.
        assertEquals(T + 12_000, clock.observe(1, 0, T + 12_000));
        assertEquals(T + 20_000, clock.observe(1, 960, T + 20_000));
        // The offset is now the smaller one: the first packet's media time would be T.
        assertEquals(T, clock.mediaMicros(0));
        assertEquals(T + 60_000, clock.observe(1, 2_880, T + 75_000));
    }

    @Test
    void afterSettlingASmallEarlinessIsIgnoredAndALargeOneRebases() {
        MediaClock clock = new MediaClock(OPUS);
        clock.observe(1, 0, T);
        long late = T + 2 * MediaClock.SETTLE_MICROS;
        long rtp = 2 * OPUS * MediaClock.SETTLE_MICROS / 1_000_000;
        assertEquals(late, clock.observe(1, rtp, late));
        // 10 ms early is the sender's clock drift or our own jitter estimate: ignored.
        assertEquals(late + 20_000, clock.observe(1, rtp + 960, late + 10_000));
        // 50 ms early (more than 30) is a sender that paused or restarted its clock: follow it.
        assertEquals(late - 10_000, clock.observe(1, rtp + 1_920, late - 10_000));
    }

    @Test
    void theThirtyTwoBitTimestampWrapsWithoutAJump() {
        MediaClock clock = new MediaClock(OPUS);
        long nearTop = 0xFFFF_FC40L;
        assertEquals(T, clock.observe(1, nearTop, T));
        long wrapped = (nearTop + 960 * 3) & 0xFFFF_FFFFL;
        assertTrue(wrapped < nearTop, "the test's timestamp wrapped");
        assertEquals(T + 60_000, clock.observe(1, wrapped, T + 60_000));
        assertEquals(T + 80_000, clock.observe(1, (wrapped + 960) & 0xFFFF_FFFFL, T + 80_000));
    }

    @Test
    void anSsrcChangeRebasesOnTheNewStreamsFirstArrival() {
        MediaClock clock = new MediaClock(90_000);
        clock.observe(1, 1_000_000, T);
        clock.observe(1, 1_000_000 + 3_000, T + 33_333);
        // Another simulcast layer: its own random timestamp base.
        long switched = T + 5_000_000;
        assertEquals(switched, clock.observe(2, 90_000, switched));
        assertEquals(switched + 33_333, clock.observe(2, 90_000 + 3_000, switched + 40_000));
    }
}
