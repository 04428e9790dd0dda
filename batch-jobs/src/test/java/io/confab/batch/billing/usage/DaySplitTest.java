package io.confab.batch.billing.usage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DaySplitTest {

    @Test
    void aPresenceOverMidnightIsSplitAtZeroHundredUtc() {
        Map<LocalDate, Long> days = DaySplit.of(Instant.parse("2026-11-30T23:45:00Z"), Instant.parse("2026-12-01T00:30:00.250Z"));
        assertEquals(Map.of(LocalDate.of(2026, 11, 30), 15 * 60_000L, LocalDate.of(2026, 12, 1), 30 * 60_000L + 250), days);
    }

    @Test
    void aSpanOverTwoMidnightsHasAWholeDayInTheMiddle() {
        Map<LocalDate, Long> days = DaySplit.of(Instant.parse("2026-11-01T23:00:00Z"), Instant.parse("2026-11-03T01:00:00Z"));
        assertEquals(86_400_000L, days.get(LocalDate.of(2026, 11, 2)));
        assertEquals(3, days.size());
    }

    @Test
    void anEmptySpanHasNoDays() {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        assertEquals(Map.of(), DaySplit.of(t, t));
    }

    @Test
    void peakCountsLeavesBeforeJoinsAtTheSameInstant() {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        // A leaves at the instant B joins: never two at once. C overlaps B.
        assertEquals(2, PeakConcurrency.of(List.of(
                new Instant[] {t, t.plusSeconds(60)},
                new Instant[] {t.plusSeconds(60), t.plusSeconds(120)},
                new Instant[] {t.plusSeconds(90), t.plusSeconds(100)})));
    }
}
