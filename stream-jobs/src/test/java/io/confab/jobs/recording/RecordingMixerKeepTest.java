package io.confab.jobs.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.recording.bench.SyntheticMeeting;
import io.confab.jobs.track.KeyFrames;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which packets the operator keeps in state after a segment is written ({@link RecordingMixer#keep}):
 * enough for an engine rebuilt after a crash to make the next segment again, from each video
 * track's last key frame. The input is real VP8 (a key frame every 3 s) and Opus.
 */
class RecordingMixerKeepTest {

    static final long T0_MS = 1_700_000_000_000L;
    static final long T0 = T0_MS * 1000;
    static final long LATENCY = 1_000_000;

    @Test
    void keepsAudioFromTheNextSegmentLessLatencyAndRewindAndVideoFromItsLastKeyFrame() {
        List<MediaPacket> packets = new SyntheticMeeting(T0 + 20_000)
                .video("alice", 1, 8, 160, 90).audio("alice", 2, 8, 440).arrivals();
        // Segment 0 of 6.5 s is written: the next starts at 6.5 s, rendered from 5.5 s (latency),
        // kept from 4.5 s (rewind). The last key frame before 5.5 s was sent at 3.02 s.
        RecordingWindow r = running(1);
        boolean[] keep = RecordingMixer.keep(packets, r, 6_500_000, LATENCY);

        long from = T0 + 5_500_000 - RecordingMixer.REWIND_MICROS;
        long keyFrameAt = lastKeyFrameBefore(packets, T0 + 5_500_000);
        assertTrue(keyFrameAt > T0 + 3_000_000 && keyFrameAt < T0 + 3_100_000, "the 3 s key frame arrived at "
                + (keyFrameAt - T0) + " us");
        int keptVideo = 0;
        for (int i = 0; i < packets.size(); i++) {
            MediaPacket p = packets.get(i);
            long at = SyntheticMeeting.micros(p);
            if (p.getKind() == MediaKind.AUDIO) {
                assertEquals(at >= from, keep[i], "audio arriving at " + (at - T0) + " us: kept from " + (from - T0));
            } else if (at >= keyFrameAt) {
                assertTrue(keep[i], "video arriving at " + (at - T0) + " us, after the key frame at " + (keyFrameAt - T0));
                keptVideo++;
            } else if (at < T0 + 3_000_000) {
                assertFalse(keep[i], "video of frames before the key frame, arriving at " + (at - T0) + " us");
            }
        }
        assertTrue(keptVideo > 0);
    }

    @Test
    void aKeyFrameFurtherBackThanTheLookbackIsNotWaitedForOnlyTheRewindIsKept() {
        // Only the first key frame of 36 s of video: the others' first packets are gone.
        List<MediaPacket> packets = new SyntheticMeeting(T0 + 20_000).video("alice", 1, 36, 160, 90).arrivals().stream()
                .filter(p -> !KeyFrames.startsKeyFrame(p) || SyntheticMeeting.micros(p) < T0 + 1_000_000)
                .toList();
        RecordingWindow r = running(1);
        // Rendered from 34 s; the key frame at 0 s is more than 30 s before that.
        boolean[] keep = RecordingMixer.keep(packets, r, 35_000_000, LATENCY);

        long from = T0 + 34_000_000 - RecordingMixer.REWIND_MICROS;
        for (int i = 0; i < packets.size(); i++) {
            long at = SyntheticMeeting.micros(packets.get(i));
            assertEquals(at >= from, keep[i], "video arriving at " + (at - T0) + " us: kept from " + (from - T0) + " only");
        }
    }

    @Test
    void packetsOutsideTheWindowOrUndecodableAreNotKept() {
        List<MediaPacket> packets = new ArrayList<>(new SyntheticMeeting(T0 + 20_000).audio("alice", 2, 8, 440).arrivals());
        packets.add(3, null);
        RecordingWindow r = running(0);
        r.stoppedAtMs = T0_MS + 3000;
        boolean[] keep = RecordingMixer.keep(packets, r, 4_000_000, LATENCY);

        assertFalse(keep[3], "an undecodable record");
        long windowEnd = T0 + 3_000_000 + RecordingMixer.WINDOW_TOLERANCE_MS * 1000;
        for (int i = 0; i < packets.size(); i++) {
            if (packets.get(i) != null && SyntheticMeeting.micros(packets.get(i)) > windowEnd) {
                assertFalse(keep[i], "arrived after the stop and its tolerance");
            }
        }
    }

    @Test
    void aRecordingThatIsNoLongerRunningKeepsNothing() {
        List<MediaPacket> packets = new SyntheticMeeting(T0 + 20_000).audio("alice", 2, 3, 440).arrivals();
        RecordingWindow r = running(0);
        r.status = RecordingWindow.Status.READY;
        boolean[] keep = RecordingMixer.keep(packets, r, 4_000_000, LATENCY);
        for (boolean k : keep) {
            assertFalse(k);
        }
    }

    private static long lastKeyFrameBefore(List<MediaPacket> packets, long cutoff) {
        long last = Long.MIN_VALUE;
        for (MediaPacket p : packets) {
            if (KeyFrames.startsKeyFrame(p) && SyntheticMeeting.micros(p) < cutoff) {
                last = Math.max(last, SyntheticMeeting.micros(p));
            }
        }
        return last;
    }

    private static RecordingWindow running(int completedSegments) {
        RecordingWindow r = new RecordingWindow();
        r.recordingId = "rec-1";
        r.startedAtMs = T0_MS;
        r.completedSegments = completedSegments;
        return r;
    }
}
