package io.confab.batch.billing.usage;

import io.confab.batch.billing.bench.UsageEvents;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.topics.Topics;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FactDecoderTest {

    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");
    private final FactDecoder decoder = new FactDecoder(NOW, UsageRules.DEFAULTS);

    @Test
    void aJoinBecomesAMeetingFactWithThePerson() {
        FactDecoder.Reading reading = decoder.decode(Topics.MEETING_EVENTS, UsageEvents.bytes(
                UsageEvents.joined("e1", "acct", "m1", NOW.minusSeconds(60), "p1", null)));
        assertEquals(new MeetingFact("e1", "acct", "m1", NOW.minusSeconds(60), MeetingFact.Kind.JOINED, "p1", "guest:Person p1"),
                reading.fact());
    }

    @Test
    void undecodableBytesAreRejectedWithTheCodecsReason() {
        FactDecoder.Reading reading = decoder.decode(Topics.MEETING_EVENTS, new byte[] {1, 2, 3});
        assertNull(reading.fact());
        assertEquals(Topics.MEETING_EVENTS, reading.rejection().topic());
        assertTrue(reading.rejection().reason().contains("NOT_SINGLE_OBJECT_ENCODED"), reading.rejection().reason());
    }

    @Test
    void aNegativeSizeIsRejected() {
        FactDecoder.Reading reading = decoder.decode(Topics.RECORDING_ARTIFACTS, UsageEvents.bytes(
                UsageEvents.artifact("acct", "m1", "r1", ArtifactKind.MP4, -5, 1000L, NOW)));
        assertTrue(reading.rejection().reason().contains("negative sizeBytes -5"), reading.rejection().reason());
    }

    @Test
    void anEventFarInTheFutureIsRejected() {
        FactDecoder.Reading reading = decoder.decode(Topics.MEETING_EVENTS, UsageEvents.bytes(
                UsageEvents.started("e2", "acct", "m1", NOW.plusSeconds(2 * 86_400))));
        assertTrue(reading.rejection().reason().contains("more than max-skew"), reading.rejection().reason());
    }

    @Test
    void interimSegmentsAreNotUsageAndFinalOnesStartAtMeetingStartPlusOffset() {
        Instant started = Instant.parse("2026-11-30T23:59:00Z");
        FactDecoder.Reading interim = decoder.decode(Topics.TRANSCRIPT_SEGMENTS, UsageEvents.bytes(
                UsageEvents.segment("s1", "acct", "m1", started, 61_000, 65_000, false)));
        assertNull(interim.fact());
        assertNull(interim.rejection());
        FactDecoder.Reading done = decoder.decode(Topics.TRANSCRIPT_SEGMENTS, UsageEvents.bytes(
                UsageEvents.segment("s1", "acct", "m1", started, 61_000, 65_000, true)));
        assertEquals(new SegmentFact("s1", "acct", "m1", Instant.parse("2026-12-01T00:00:01Z"), 4_000), done.fact());
    }
}
