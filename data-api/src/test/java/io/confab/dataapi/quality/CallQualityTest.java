package io.confab.dataapi.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.storage.events.MediaDirection;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaQualitySample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The call-quality summary built on storage's E-model, and the samples it refuses. */
class CallQualityTest {

    @Test
    void theSummaryPutsTheWorstCallFirstAndSaysWhen() {
        Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
        List<QualityPoint> points = List.of(
                QualityListener.point(sample("clean", t0, 0, 5, 40.0)),
                QualityListener.point(sample("clean", t0.plusSeconds(5), 0, 5, 40.0)),
                QualityListener.point(sample("lossy", t0, 0, 5, 40.0)),
                QualityListener.point(sample("lossy", t0.plusSeconds(5), 0.15f, 5, 40.0)));
        CallQuality q = CallQuality.of("m1", List.of(), points);
        assertEquals(List.of("lossy", "clean"), q.participants().stream().map(CallQuality.Participant::participantId).toList());
        CallQuality.Participant lossy = q.participants().get(0);
        assertEquals(1, lossy.badIntervals());
        assertEquals(t0.plusSeconds(5), lossy.firstBadAt());
        assertEquals(0, q.participants().get(1).badIntervals());
        assertNull(q.participants().get(1).firstBadAt());
    }

    @Test
    void eachParticipantCarriesItsNameInTheMeetingWhereOneIsKnown() {
        Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
        List<QualityPoint> points = List.of(QualityListener.point(sample("p-1", t0, 0, 5, 40.0)),
                QualityListener.point(sample("g-2", t0, 0.2f, 5, 40.0)));
        CallQuality q = CallQuality.of("m1", List.of(), points, java.util.Map.of("p-1", "Alice", "x-9", "Not in this answer"));
        assertEquals(List.of("g-2", "p-1"), q.participants().stream().map(CallQuality.Participant::participantId).toList());
        assertNull(q.participants().get(0).displayName(), "no session row, no name");
        assertEquals("Alice", q.participants().get(1).displayName());
    }

    @Test
    void outOfRangeSamplesAreNamed() {
        MediaQualitySample bad = sample("p", Instant.EPOCH, 1.5f, 5, null);
        assertEquals("fractionLost 1.5 is outside 0..1", QualityListener.outOfRange(bad));
        MediaQualitySample negative = sample("p", Instant.EPOCH, 0, -1, null);
        assertTrue(QualityListener.outOfRange(negative).startsWith("jitterMs -1.0"));
        assertNull(QualityListener.outOfRange(sample("p", Instant.EPOCH, 0, 1, 10.0)));
    }

    static MediaQualitySample sample(String participant, Instant start, float loss, double jitter, Double rtt) {
        return MediaQualitySample.newBuilder().setMeetingId("m1").setAccountId("a1").setParticipantId(participant)
                .setDirection(MediaDirection.UPSTREAM).setKind(MediaKind.AUDIO).setIntervalStart(start)
                .setIntervalEnd(start.plusSeconds(5)).setPackets(250).setPacketsLost(Math.round(250 * loss)).setFractionLost(loss)
                .setJitterMs(jitter).setRttMs(rtt).setBitrateKbps(32).build();
    }
}
