package io.confab.batch.billing.usage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordingUsageTest {

    private static final Instant AT = Instant.parse("2026-11-05T23:59:59Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 5);

    private static ArtifactFact file(String kind, long bytes, Long durationMs) {
        return new ArtifactFact("acct", "m1", "r1", kind, "recordings/acct/m1/r1/" + kind, bytes, durationMs, AT);
    }

    @Test
    void aVideoRecordingBillsTheMp4sDurationAndEveryFilesBytes() {
        List<DailyUsage> usage = RecordingUsage.of(List.of(file("MP4", 1000, 60_000L), file("M4A", 100, 59_000L), file("THUMBNAIL", 10, null)));
        long minutes = usage.stream().filter(u -> u.metric() == Metric.RECORDING_MINUTES).mapToLong(DailyUsage::quantity).sum();
        long bytes = usage.stream().filter(u -> u.metric() == Metric.STORAGE_BYTES).mapToLong(DailyUsage::quantity).sum();
        assertEquals(60_000L, minutes);
        assertEquals(1110L, bytes);
        assertEquals(List.of(DAY), usage.stream().map(DailyUsage::day).distinct().toList());
    }

    @Test
    void anAudioOnlyRecordingBillsTheM4asDuration() {
        List<DailyUsage> usage = RecordingUsage.of(List.of(file("M4A", 100, 59_000L)));
        assertEquals(List.of(new DailyUsage("acct", DAY, Metric.STORAGE_BYTES, 100), new DailyUsage("acct", DAY, Metric.RECORDING_MINUTES, 59_000L)),
                usage);
    }
}
