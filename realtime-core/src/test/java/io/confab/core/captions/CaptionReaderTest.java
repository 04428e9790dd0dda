package io.confab.core.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.TranscriptSegment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CaptionReaderTest {

    static final Instant STARTED = Instant.parse("2026-12-04T09:00:00.125Z");

    static TranscriptSegment.Builder segment() {
        return TranscriptSegment.newBuilder().setMeetingId("85123456789").setAccountId("acct-1").setRecordingId(null)
                .setSegmentId("seg-7").setSpeakerParticipantId("p-bob").setSpeakerName("Bob")
                .setMeetingStartedAt(STARTED).setStartOffsetMs(61_240).setEndOffsetMs(63_020)
                .setText("the quarterly numbers are in").setConfidence(0.9f).setIsFinal(false).setLanguage("en-US");
    }

    static byte[] bytes(TranscriptSegment segment) {
        return Codecs.TRANSCRIPT_SEGMENTS.encode(segment);
    }

    @Test
    void aSegmentBecomesACaptionForItsMeetingRun() {
        CaptionReading reading = CaptionReader.read("85123456789", bytes(segment().build()));

        LiveCaption caption = assertInstanceOf(CaptionReading.Caption.class, reading).caption();
        assertEquals("85123456789", caption.meetingId());
        assertEquals(STARTED, caption.meetingStartedAt());
        assertEquals(new ServerMessage.Caption("seg-7", new ParticipantId("p-bob"), "Bob", "the quarterly numbers are in",
                false, 61_240, 63_020), caption.message());
    }

    @Test
    void bytesTheCodecRefusesAreUndecodableWithTheCodecsReason() {
        CaptionReading reading = CaptionReader.read("85123456789", "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8));

        CaptionReading.Refused refused = assertInstanceOf(CaptionReading.Refused.class, reading);
        assertEquals(CaptionReading.Refusal.UNDECODABLE, refused.refusal());
        assertTrue(refused.reason().contains("transcript.segments"), refused.reason());
    }

    @Test
    void fieldsThatBreakTheProtocolAreInvalidAndNamed() {
        assertInvalid(segment().setSpeakerParticipantId("p bob <script>").build(), "speakerParticipantId");
        assertInvalid(segment().setText("x".repeat(CaptionReader.MAX_TEXT + 1)).build(), "text is over");
        assertInvalid(segment().setSpeakerName("n".repeat(CaptionReader.MAX_NAME + 1)).build(), "speakerName");
        assertInvalid(segment().setStartOffsetMs(5_000).setEndOffsetMs(4_000).build(), "offsets 5000..4000");
        assertInvalid(segment().setSegmentId("").build(), "segmentId");
        CaptionReading otherKey = CaptionReader.read("99999999999", bytes(segment().build()));
        assertTrue(((CaptionReading.Refused) otherKey).reason().contains("keyed by '99999999999'"), otherKey.toString());
    }

    private static void assertInvalid(TranscriptSegment segment, String named) {
        CaptionReading reading = CaptionReader.read(segment.getMeetingId(), bytes(segment));
        CaptionReading.Refused refused = assertInstanceOf(CaptionReading.Refused.class, reading);
        assertEquals(CaptionReading.Refusal.INVALID, refused.refusal());
        assertTrue(refused.reason().contains(named), refused.reason() + " should name " + named);
    }
}
