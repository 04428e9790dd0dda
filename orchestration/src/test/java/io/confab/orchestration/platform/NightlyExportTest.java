package io.confab.orchestration.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the nightly warehouse export runs and which days it exports: the rules alone, no platform. */
class NightlyExportTest {

    @Test
    void runsTenMinutesAfterTheNextUtcMidnight() {
        assertEquals(Instant.parse("2026-12-04T00:10:00Z"), NightlyExport.nextRun(Instant.parse("2026-12-03T22:40:00Z")));
        assertEquals(Instant.parse("2026-12-04T00:10:00Z"), NightlyExport.nextRun(Instant.parse("2026-12-04T00:09:59Z")));
        assertEquals(Instant.parse("2026-12-05T00:10:00Z"), NightlyExport.nextRun(Instant.parse("2026-12-04T00:10:00Z")));
    }

    @Test
    void exportsYesterdayOnceItIsPastTheHour() {
        LocalDate[] due = NightlyExport.due(Instant.parse("2026-12-04T00:10:00Z"), Optional.of(LocalDate.parse("2026-12-02"))).orElseThrow();
        assertArrayEquals(new LocalDate[] {LocalDate.parse("2026-12-03"), LocalDate.parse("2026-12-03")}, due);
        assertTrue(NightlyExport.due(Instant.parse("2026-12-04T09:00:00Z"), Optional.of(LocalDate.parse("2026-12-03"))).isEmpty(),
                "yesterday is done");
        assertTrue(NightlyExport.due(Instant.parse("2026-12-04T00:05:00Z"), Optional.of(LocalDate.parse("2026-12-02"))).isEmpty(),
                "before 00:10 the day before yesterday is the newest due, and it is done");
    }

    @Test
    void catchesUpOnMissedDaysWithinMediaQualitysRetention() {
        LocalDate[] missed = NightlyExport.due(Instant.parse("2026-12-04T12:00:00Z"), Optional.of(LocalDate.parse("2026-11-30"))).orElseThrow();
        assertArrayEquals(new LocalDate[] {LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-03")}, missed);
        LocalDate[] capped = NightlyExport.due(Instant.parse("2026-12-04T12:00:00Z"), Optional.of(LocalDate.parse("2026-10-01"))).orElseThrow();
        assertArrayEquals(new LocalDate[] {LocalDate.parse("2026-11-27"), LocalDate.parse("2026-12-03")}, capped);
        LocalDate[] first = NightlyExport.due(Instant.parse("2026-12-04T12:00:00Z"), Optional.empty()).orElseThrow();
        assertArrayEquals(new LocalDate[] {LocalDate.parse("2026-12-03"), LocalDate.parse("2026-12-03")}, first, "a new platform exports yesterday");
    }
}
